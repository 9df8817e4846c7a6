/**
 * Method → service. Handlers are thin: they take validated input, call a
 * service with the open project, publish change events, and return plain
 * data. Every contract method has exactly one entry (the type checks it).
 */
import os from 'node:os';
import { TrainyardError, type MethodName, type Output, type ParsedInput } from '../../shared/contract/index.ts';
import { opCatalog } from '../../shared/augment/catalog.ts';
import { validateRecipe } from '../../shared/augment/recipe.ts';
import { runAugmentExport } from '../services/augment/export-job.ts';
import { runPreview } from '../services/augment/preview.ts';
import { checkedRecipe, deleteRecipe, getRecipe, listRecipes, saveRecipe } from '../services/augment/recipes-repo.ts';
import { runExport } from '../services/datasets/export.ts';
import { DEFAULT_COLUMNS, runImport } from '../services/datasets/import/import-job.ts';
import { inspectSource } from '../services/datasets/import/inspect.ts';
import { createDataset, datasetByName, datasetColumns, datasetInfo, getDataset, listDatasets } from '../services/datasets/repo.ts';
import { getSample, listSamples, metaKeys, sampleIds } from '../services/datasets/samples-query.ts';
import { datasetCounts, mergeCounts } from '../services/datasets/stats.ts';
import { createClass, listClasses, updateClass } from '../services/labeling/classes.ts';
import { assignLabels, deleteClass, setLabels } from '../services/labeling/labels.ts';
import { Project } from '../services/project/project.ts';
import { createSplit, splitReport } from '../services/splitting/split-service.ts';
import { listRuns } from '../services/training/runs-repo.ts';
import { startSearch } from '../services/training/search.ts';
import { planTraining, resumeRun, runDetail, startRun } from '../services/training/service.ts';
import { VERSION, type AppContext } from './context.ts';

type Handlers = { [M in MethodName]: (input: ParsedInput<M>, ctx: AppContext) => Output<M> | Promise<Output<M>> };

/** Who a label change is recorded as when the caller does not say: the person running this process. */
const DEFAULT_ACTOR = ((): string => {
  try {
    return os.userInfo().username || 'user';
  } catch {
    return 'user';
  }
})();

/** Augmentation works on images, text and audio; a table's rows have nothing for its operations to change. */
function augmentable(ctx: AppContext, datasetId: number): void {
  if (getDataset(ctx.project().db, datasetId).modality === 'tabular') throw new TrainyardError('invalid_input', 'tabular datasets take no augmentation');
}

function labelsChanged(ctx: AppContext, datasetId: number, changes: Array<{ sampleId: number }>): void {
  if (changes.length) ctx.events.emit('labels.changed', { datasetId, sampleIds: changes.map((c) => c.sampleId) });
}

export const handlers: Handlers = {
  'app.info': (_, ctx) => ({ version: VERSION, project: ctx.hasProject ? ctx.project().info() : null, sampleProject: ctx.sampleProject }),
  'project.create': async (i, ctx) => {
    const p = Project.create(i.dir, i.name);
    await ctx.setProject(p);
    return p.info();
  },
  'project.open': async (i, ctx) => {
    const p = Project.open(i.dir);
    await ctx.setProject(p);
    return p.info();
  },
  'project.current': (_, ctx) => (ctx.hasProject ? ctx.project().info() : null),

  'datasets.list': (_, ctx) => listDatasets(ctx.project().db),
  'datasets.create': (i, ctx) => {
    const db = ctx.project().db;
    return datasetInfo(db, createDataset(db, i.name, i.modality).id);
  },
  'datasets.columns': (i, ctx) => {
    const db = ctx.project().db;
    getDataset(db, i.datasetId);
    return datasetColumns(db, i.datasetId);
  },

  'import.start': (i, ctx) => {
    const project = ctx.project();
    const jobId = ctx.jobs.start('import', project.db, async (job) => {
      const summary = await runImport(project, () => ctx.pool(), job, {
        source: i.source, dataset: i.dataset, modality: i.modality, columns: i.columns, root: i.root, columnTypes: i.columnTypes, task: i.task,
      });
      ctx.events.emit('samples.changed', { datasetId: summary.datasetId });
      return summary;
    });
    return { jobId };
  },
  'import.inspect': (i) => inspectSource({ source: i.source, columns: { ...DEFAULT_COLUMNS, ...i.columns }, modality: i.modality }),

  'jobs.get': (i, ctx) => ctx.jobs.get(i.jobId),
  'jobs.list': (_, ctx) => ctx.jobs.list(),
  'jobs.wait': (i, ctx) => ctx.jobs.wait(i.jobId),
  'jobs.cancel': (i, ctx) => ({ cancelled: ctx.jobs.cancel(i.jobId) }),

  'samples.list': (i, ctx) => listSamples(ctx.project().db, i),
  'samples.ids': (i, ctx) => sampleIds(ctx.project().db, i.datasetId, i.filter, i.limit),
  'samples.get': (i, ctx) => getSample(ctx.project().db, i.id),
  'samples.byKey': (i, ctx) => {
    const db = ctx.project().db;
    const row = db.get<{ id: number }>('SELECT id FROM samples WHERE dataset_id = ? AND key = ?', i.datasetId, i.key);
    if (!row) throw new TrainyardError('not_found', `no sample with key "${i.key}" in dataset ${i.datasetId}`);
    return getSample(db, row.id);
  },
  'samples.metaKeys': (i, ctx) => metaKeys(ctx.project().db, i.datasetId),

  'classes.list': (i, ctx) => listClasses(ctx.project().db, i.datasetId),
  'classes.create': (i, ctx) => {
    const db = ctx.project().db;
    getDataset(db, i.datasetId);
    return createClass(db, i.datasetId, i.name, { ...(i.color ? { color: i.color } : {}), ...(i.shortcut !== undefined ? { shortcut: i.shortcut } : {}) });
  },
  'classes.update': (i, ctx) => {
    const { id, ...patch } = i;
    return updateClass(ctx.project().db, id, patch);
  },
  'classes.delete': (i, ctx) => {
    const db = ctx.project().db;
    const datasetId = db.get<{ dataset_id: number }>('SELECT dataset_id FROM classes WHERE id = ?', i.id)?.dataset_id;
    const unlabeled = deleteClass(db, i.id, DEFAULT_ACTOR);
    if (datasetId !== undefined) ctx.events.emit('samples.changed', { datasetId });
    return { unlabeled };
  },

  'labels.set': (i, ctx) => {
    const changes = setLabels(ctx.project().db, i.datasetId, i.sampleIds, i.classId, i.actor ?? DEFAULT_ACTOR);
    labelsChanged(ctx, i.datasetId, changes);
    return { changes };
  },
  'labels.assign': (i, ctx) => {
    const changes = assignLabels(ctx.project().db, i.datasetId, i.items, i.actor ?? DEFAULT_ACTOR);
    labelsChanged(ctx, i.datasetId, changes);
    return { changes };
  },

  'splits.get': (i, ctx) => {
    getDataset(ctx.project().db, i.datasetId);
    return splitReport(ctx.project().db, i.datasetId);
  },
  'splits.create': (i, ctx) => {
    const db = ctx.project().db;
    getDataset(db, i.datasetId);
    const report = createSplit(db, i.datasetId, i.config, i.force);
    ctx.events.emit('splits.changed', { datasetId: i.datasetId });
    return report;
  },

  'stats.get': (i, ctx) => {
    const db = ctx.project().db;
    const sets = i.dataset ? [datasetByName(db, i.dataset)] : listDatasets(db);
    const all = { total: 0, labels: {}, splits: {} };
    const datasets: Record<string, ReturnType<typeof datasetCounts>> = {};
    for (const d of sets) {
      datasets[d.name] = datasetCounts(db, d.id);
      mergeCounts(all, datasetCounts(db, d.id));
    }
    return { ...all, datasets };
  },

  'recipes.list': (i, ctx) => listRecipes(ctx.project().db, i.modality),
  'recipes.get': (i, ctx) => getRecipe(ctx.project().db, i.id, i.version),
  'recipes.save': (i, ctx) => saveRecipe(ctx.project().db, i.recipe),
  'recipes.delete': (i, ctx) => {
    deleteRecipe(ctx.project().db, i.id);
    return { deleted: true };
  },
  'recipes.validate': (i) => {
    const v = validateRecipe(i.recipe, opCatalog);
    return v.ok ? { ok: true, issues: [] } : { ok: false, issues: v.issues };
  },

  'augment.preview': (i, ctx) => {
    augmentable(ctx, i.datasetId);
    return runPreview(ctx.project(), i);
  },
  'augment.start': (i, ctx) => {
    const db = ctx.project().db;
    augmentable(ctx, i.datasetId);
    checkedRecipe(i.recipe);
    const jobId = ctx.jobs.start('augment', db, (job) => runAugmentExport(db, () => ctx.augmentWorkers(), job, i));
    return { jobId };
  },

  'training.plan': (i, ctx) => planTraining(ctx.project().db, i.config),
  'training.start': (i, ctx) => startRun(ctx, i.config),
  'training.resume': (i, ctx) => resumeRun(ctx, i.runId),
  'training.overfit': (i, ctx) => startRun(ctx, i.config, 'overfit'),
  'training.search': (i, ctx) => startSearch(ctx, i),
  'runs.list': (i, ctx) => listRuns(ctx.project().db, i),
  'runs.get': (i, ctx) => runDetail(ctx.project(), i.runId) as unknown as Output<'runs.get'>,

  'export.start': (i, ctx) => {
    const db = ctx.project().db;
    const jobId = ctx.jobs.start('export', db, (job) => runExport(db, job, i));
    return { jobId };
  },
};
