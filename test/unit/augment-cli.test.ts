/**
 * `trainyard augment` and `augment-preview` as users run them: --json shape,
 * recipe errors naming step and field, and kill -9 in the middle of an
 * export (nothing complete-looking left; a rerun starts clean and finishes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHAPES, tempDir } from '../helpers/project.ts';
import { cliProcesses, runCli, runCliJson } from '../helpers/cli.ts';

const cli = cliProcesses();

async function shapesProject(): Promise<string> {
  const dir = path.join(tempDir(), 'p');
  await runCliJson(['new', dir]);
  await runCliJson(['import', dir, SHAPES]);
  await runCliJson(['split', dir, '--seed', '3', '--ratios', '0.8,0.1,0.1', '--stratify']);
  return dir;
}

function countFiles(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n++;
  return n;
}

describe('trainyard augment', () => {
  it('prints {written, out, manifest, errors} with --json, and augment-preview writes the original, K variants and what was drawn', async () => {
    const dir = await shapesProject();
    const out = path.join(tempDir(), 'aug');
    const r = await runCliJson<{ written: number; out: string; manifest: string; errors: unknown[]; originals: number }>(
      ['augment', dir, '--recipe', 'image-default', '--out', out, '--variants', '1', '--seed', '5'],
    );
    expect(r.out).toBe(out);
    expect(r.manifest).toBe(path.join(out, 'manifest.csv'));
    expect(r.errors).toEqual([]);
    expect(r.written).toBeGreaterThan(200);
    expect(countFiles(out)).toBe(r.written + r.originals + 2);

    const prev = path.join(tempDir(), 'prev');
    const p = await runCliJson<{ original: string; variants: Array<{ file: string; applied: unknown[] }> }>(
      ['augment-preview', dir, '--recipe', 'image-default', '--sample', 'images/circle/000.png', '--variants', '3', '--out', prev],
    );
    expect(p.variants).toHaveLength(3);
    expect(fs.readdirSync(prev).sort()).toEqual(['original.png', 'preview.json', 'variant-0.png', 'variant-1.png', 'variant-2.png']);
    const recorded = JSON.parse(fs.readFileSync(path.join(prev, 'preview.json'), 'utf8')) as typeof p;
    expect(recorded.variants.map((v) => v.applied)).toEqual(p.variants.map((v) => v.applied));
  });

  it('rejects an invalid recipe with messages that name the step and the field', async () => {
    const dir = path.join(tempDir(), 'p');
    await runCliJson(['new', dir]);
    const recipe = path.join(tempDir(), 'bad.json');
    fs.writeFileSync(recipe, JSON.stringify({
      name: 'bad', modality: 'image',
      steps: [{ op: 'hflip', p: 1.5 }, { op: 'rotate', p: 0.5, params: { angle: [-400, 10] } }, { op: 'warp_drive', p: 1 }, { op: 'pitch_shift', p: 1 }],
    }));
    const r = await runCli(['augment', dir, '--recipe', recipe, '--out', path.join(tempDir(), 'x')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/step 1 \(hflip\): probability p must be between 0 and 1, got 1\.5/);
    expect(r.stderr).toMatch(/step 2 \(rotate\): angle: -400 is below the minimum -180/);
    expect(r.stderr).toMatch(/step 3 \(warp_drive\): unknown operation "warp_drive"/);
    expect(r.stderr).toMatch(/step 4 \(pitch_shift\): "pitch_shift" is an audio operation, but this recipe is for image/);
  });

  it('leaves nothing complete-looking when killed mid-way, and a rerun starts clean and completes', async () => {
    const dir = await shapesProject();
    const parent = tempDir();
    const out = path.join(parent, 'aug');
    const child = cli.start(['augment', dir, '--recipe', 'image-default', '--out', out, '--variants', '6', '--json']);
    // Wait until the partial folder holds some files, then pull the plug.
    let partial = '';
    for (let i = 0; i < 600 && !partial; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const name = fs.readdirSync(parent).find((n) => n.startsWith('aug.partial-'));
      if (name && fs.existsSync(path.join(parent, name, 'train')) && countFiles(path.join(parent, name)) > 40) partial = name;
    }
    expect(partial).not.toBe('');
    await cli.kill9(child);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(parent)).toEqual([partial]);

    const r = await runCliJson<{ written: number; originals: number }>(['augment', dir, '--recipe', 'image-default', '--out', out, '--variants', '6']);
    expect(fs.readdirSync(parent)).toEqual(['aug']);
    const rows = fs.readFileSync(path.join(out, 'manifest.jsonl'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(r.written + r.originals);
    expect(countFiles(out)).toBe(r.written + r.originals + 2);
  }, 120_000);
});
