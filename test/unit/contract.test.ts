// The contract end to end without any transport: every call goes through
// dispatch (input validated, output checked against its schema because
// VITEST is set) and a JSON round trip, exactly as over IPC or HTTP.
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { TrainyardError, methods } from '../../src/shared/contract/index.ts';
import { AppContext } from '../../src/main/core/context.ts';
import { dispatch } from '../../src/main/core/dispatch.ts';
import { handlers } from '../../src/main/core/handlers.ts';
import { digitsSubset, importAndWait, newProject, type TestProject } from '../helpers/project.ts';

let p: TestProject | null = null;
afterEach(async () => {
  await p?.close();
  p = null;
});

describe('contract', () => {
  it('has exactly one handler per method', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(methods).sort());
  });

  it('answers unknown methods and bad input with coded errors naming the field', async () => {
    const ctx = new AppContext();
    expect(await dispatch(ctx, 'nope.nothing', {})).toEqual({ ok: false, error: { code: 'unknown_method', message: 'unknown method "nope.nothing"' } });
    const bad = await dispatch(ctx, 'samples.list', { datasetId: -3, limit: 5000 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('invalid_input');
      expect(bad.error.message).toMatch(/datasetId/);
      expect(bad.error.message).toMatch(/limit/);
    }
    const extra = await dispatch(ctx, 'project.open', { dir: '/x', evil: true });
    expect(extra.ok).toBe(false);
    const noProject = await dispatch(ctx, 'datasets.list', {});
    expect(noProject).toMatchObject({ ok: false, error: { code: 'no_project' } });
    await ctx.close();
  });

  it('round-trips a whole labeling session through the typed client', async () => {
    p = await newProject();
    const src = digitsSubset(['0', '1'], 5);
    const summary = await importAndWait(p.api, { source: src });
    expect(summary).toMatchObject({ dataset: 'images', imported: 10, skipped: 0, errors: [], total: 10, labels: { '0': 5, '1': 5 } });
    const [ds] = await p.api.api.datasets.list({});
    expect(ds).toMatchObject({ name: 'images', modality: 'image', total: 10, labeled: 10 });
    const classes = await p.api.api.classes.list({ datasetId: ds!.id });
    expect(classes.map((c) => [c.name, c.shortcut, c.count])).toEqual([['0', '1', 5], ['1', '2', 5]]);
    const page = await p.api.api.samples.list({ datasetId: ds!.id, filter: { labelIds: [classes[0]!.id] } });
    expect(page.total).toBe(5);
    expect(page.items.every((r) => r.labelId === classes[0]!.id && r.hasThumb && r.width === 32)).toBe(true);

    const events: string[] = [];
    p.api.on('labels.changed', (e) => events.push(`changed ${e.sampleIds.length}`));
    const { changes } = await p.api.api.labels.set({ datasetId: ds!.id, sampleIds: page.items.slice(0, 2).map((r) => r.id), classId: classes[1]!.id });
    expect(changes).toHaveLength(2);
    expect(events).toEqual(['changed 2']);
    const detail = await p.api.api.samples.get({ id: page.items[0]!.id });
    expect(detail.label).toBe('1');
    expect(detail.history[0]).toMatchObject({ oldLabel: '0', newLabel: '1', actor: os.userInfo().username });

    await expect(p.api.api.classes.create({ datasetId: ds!.id, name: '0' })).rejects.toThrow(TrainyardError);
    await expect(p.api.api.classes.create({ datasetId: ds!.id, name: 'a/b' })).rejects.toThrow(/cannot contain/);
  });
});
