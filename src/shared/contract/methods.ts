/**
 * THE API. Every capability reachable from the renderer, the CLI or the HTTP
 * host is one entry here: a `domain.verb` name with an input and an output
 * schema. Transports carry `(method, input)` and an envelope back; nothing
 * else crosses a boundary. Inputs are validated on the receiving side.
 */
import { z } from 'zod';
import {
  ClassInfo, ClassName, SplitName, Color, ColumnTypes, Counts, DatasetColumn, DatasetInfo, ExportFormat, Id, ImportColumns,
  InspectResult, JobInfo, LabelChange, Modality, ProjectInfo, SampleDetail, SampleFilter, SampleRow, SampleSort, Shortcut,
  SplitConfig, SplitReport, TabularTask, UserPath,
} from './schemas.ts';
import { AugmentFormat, PreviewResult, RecipeJson, RecipeRow } from './augment-schemas.ts';
import { RunDetail, RunSummary, SearchSpace, TrainPlan } from './training-schemas.ts';

const DatasetRef = z.object({ datasetId: Id });
const Empty = z.object({}).strict();
const JobRef = z.object({ jobId: z.string().min(1).max(100) });

export const methods = {
  'app.info': {
    input: Empty,
    output: z.object({ version: z.string(), project: ProjectInfo.nullable(), sampleProject: z.string().nullable() }),
  },
  'project.create': {
    input: z.object({ dir: UserPath, name: z.string().max(200).optional() }).strict(),
    output: ProjectInfo,
  },
  'project.open': { input: z.object({ dir: UserPath }).strict(), output: ProjectInfo },
  'project.current': { input: Empty, output: ProjectInfo.nullable() },

  'datasets.list': { input: Empty, output: z.array(DatasetInfo) },
  'datasets.create': {
    input: z.object({ name: z.string().trim().min(1).max(100), modality: Modality }).strict(),
    output: DatasetInfo,
  },
  /** The columns of a tabular dataset in file order, with their types (empty for other modalities). */
  'datasets.columns': { input: DatasetRef.strict(), output: z.array(DatasetColumn) },

  /** Starts an import job; progress arrives as `job.progress`, the summary as `job.finished`. */
  'import.start': {
    input: z
      .object({
        source: UserPath,
        /** Dataset name; created if missing. Defaults to the modality's name. */
        dataset: z.string().trim().min(1).max(100).optional(),
        modality: Modality.optional(),
        columns: ImportColumns.partial().optional(),
        /** For manifests: the folder media paths must stay inside (default: the manifest's folder). */
        root: UserPath.optional(),
        /** Tabular: types that override the proposed ones (see `import.inspect`), by column name. */
        columnTypes: ColumnTypes.optional(),
        /** Tabular: default classification for a non-numeric label column, regression for a numeric one. */
        task: TabularTask.optional(),
      })
      .strict(),
    output: z.object({ jobId: z.string() }),
  },
  /**
   * Reads the start of a CSV/TSV/JSONL manifest (about 500 rows) and proposes
   * a type per column, the modality an import would pick and, for tables, the task.
   */
  'import.inspect': {
    input: z
      .object({ source: UserPath, columns: ImportColumns.partial().optional(), modality: Modality.optional() })
      .strict(),
    output: InspectResult,
  },

  'jobs.get': { input: JobRef.strict(), output: JobInfo },
  'jobs.list': { input: Empty, output: z.array(JobInfo) },
  /** Waits until the job ends and returns its final state. */
  'jobs.wait': { input: JobRef.strict(), output: JobInfo },
  'jobs.cancel': { input: JobRef.strict(), output: z.object({ cancelled: z.boolean() }) },

  'samples.list': {
    input: DatasetRef.extend({
      filter: SampleFilter.default({}),
      sort: SampleSort.default('key'),
      desc: z.boolean().default(false),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
    }).strict(),
    output: z.object({ total: z.number().int(), items: z.array(SampleRow) }),
  },
  /** Ids of every sample matching a filter (for "select all"), capped. */
  'samples.ids': {
    input: DatasetRef.extend({ filter: SampleFilter.default({}), limit: z.number().int().min(1).max(200000).default(100000) }).strict(),
    output: z.object({ ids: z.array(Id), truncated: z.boolean() }),
  },
  'samples.get': { input: z.object({ id: Id }).strict(), output: SampleDetail },
  /** A sample by its key (the file's path under its source, or the id column). */
  'samples.byKey': { input: DatasetRef.extend({ key: z.string().min(1).max(4096) }).strict(), output: SampleDetail },
  'samples.metaKeys': {
    input: DatasetRef.strict(),
    output: z.array(z.object({ key: z.string(), values: z.array(z.object({ value: z.string(), count: z.number().int() })) })),
  },

  'classes.list': { input: DatasetRef.strict(), output: z.array(ClassInfo) },
  'classes.create': {
    input: DatasetRef.extend({ name: ClassName, color: Color.optional(), shortcut: Shortcut.nullable().optional() }).strict(),
    output: ClassInfo,
  },
  'classes.update': {
    input: z
      .object({ id: Id, name: ClassName.optional(), color: Color.optional(), shortcut: Shortcut.nullable().optional(), position: z.number().int().min(0).optional() })
      .strict(),
    output: ClassInfo,
  },
  /** Deletes a class; its samples become unlabeled (recorded in the history). */
  'classes.delete': { input: z.object({ id: Id }).strict(), output: z.object({ unlabeled: z.number().int() }) },

  /**
   * Labels samples. Resolves only after the change is committed to disk
   * (SQLite WAL, synchronous=FULL) and written to the label history.
   */
  'labels.set': {
    input: DatasetRef.extend({ sampleIds: z.array(Id).min(1).max(200000), classId: Id.nullable(), actor: z.string().max(100).optional() }).strict(),
    output: z.object({ changes: z.array(LabelChange) }),
  },
  /** Applies per-sample labels (undo/redo replays these). */
  'labels.assign': {
    input: DatasetRef.extend({
      items: z.array(z.object({ sampleId: Id, classId: Id.nullable() })).min(1).max(200000),
      actor: z.string().max(100).optional(),
    }).strict(),
    output: z.object({ changes: z.array(LabelChange) }),
  },

  'splits.get': { input: DatasetRef.strict(), output: SplitReport },
  /**
   * Splits a dataset. With the saved settings it only assigns new samples
   * (nothing moves); different settings need `force: true` and re-split everything.
   */
  'splits.create': {
    input: DatasetRef.extend({ config: SplitConfig, force: z.boolean().default(false) }).strict(),
    output: SplitReport,
  },

  'stats.get': {
    input: z.object({ dataset: z.string().optional() }).strict(),
    output: Counts.extend({ datasets: z.record(z.string(), Counts) }),
  },

  'recipes.list': {
    input: z.object({ modality: Modality.optional() }).strict(),
    output: z.array(RecipeRow),
  },
  /** A saved recipe (the current version, or an earlier one). */
  'recipes.get': { input: z.object({ id: Id, version: z.number().int().min(1).optional() }).strict(), output: RecipeRow.extend({ recipe: RecipeJson }) },
  /** Saves under the recipe's name; a changed recipe gets a new version. Invalid recipes are refused naming step and field. */
  'recipes.save': { input: z.object({ recipe: RecipeJson }).strict(), output: RecipeRow },
  'recipes.delete': { input: z.object({ id: Id }).strict(), output: z.object({ deleted: z.boolean() }) },
  /** Checks a recipe without saving it; issues name the step and field. */
  'recipes.validate': {
    input: z.object({ recipe: RecipeJson }).strict(),
    output: z.object({ ok: z.boolean(), issues: z.array(z.object({ path: z.string(), message: z.string() })) }),
  },

  /** Augments a few samples K times; media land in the preview cache (GET /media/preview/NAME), texts inline. */
  'augment.preview': {
    input: DatasetRef.extend({
      recipe: RecipeJson,
      sampleIds: z.array(Id).min(1).max(12),
      variants: z.number().int().min(1).max(16).default(4),
      seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    }).strict(),
    output: PreviewResult,
  },
  /** Starts an augmented export; train split only unless allowEvalSplits (which leaks into evaluation). */
  'augment.start': {
    input: DatasetRef.extend({
      recipe: RecipeJson,
      out: UserPath,
      format: AugmentFormat,
      seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
      variants: z.number().int().min(0).max(1000).default(2),
      splits: z.array(z.union([SplitName, z.literal('all')])).min(1).max(4).default(['train']),
      includeOriginals: z.boolean().default(true),
      overwrite: z.boolean().default(false),
      allowEvalSplits: z.boolean().default(false),
    }).strict(),
    output: z.object({ jobId: z.string() }),
  },

  /** Resolves a training config (dataset, auto model, defaults) and the virtual-epoch arithmetic, without starting. */
  'training.plan': {
    input: z.object({ config: RecipeJson.default({}) }).strict(),
    output: TrainPlan,
  },
  /** Starts a run in a training worker; epochs arrive as `training.epoch`, the end as `job.finished`. */
  'training.start': {
    input: z.object({ config: RecipeJson.default({}) }).strict(),
    output: z.object({ jobId: z.string(), runId: z.string() }),
  },
  /** Continues an interrupted, failed or cancelled run from its last checkpoint. */
  'training.resume': {
    input: z.object({ runId: z.string().min(1).max(100) }).strict(),
    output: z.object({ jobId: z.string(), runId: z.string() }),
  },
  /** The overfit check: ≤ 10 classes × 100 train examples, no augmentation or regularisation, evaluated on themselves. */
  'training.overfit': {
    input: z.object({ config: RecipeJson.default({}) }).strict(),
    output: z.object({ jobId: z.string(), runId: z.string() }),
  },
  /** Grid or random search over a space under a trial budget; each trial is a run with parentId = the search id. */
  'training.search': {
    input: z.object({
      config: RecipeJson.default({}),
      space: SearchSpace,
      strategy: z.enum(['grid', 'random']).default('random'),
      trials: z.number().int().min(1).max(100).default(6),
    }).strict(),
    output: z.object({ jobId: z.string(), searchId: z.string() }),
  },
  'runs.list': {
    input: z.object({ datasetId: Id.optional(), parentId: z.string().max(100).optional() }).strict(),
    output: z.array(RunSummary),
  },
  'runs.get': { input: z.object({ runId: z.string().min(1).max(100) }).strict(), output: RunDetail },

  'export.start': {
    input: z
      .object({ out: UserPath, format: ExportFormat.default('csv'), dataset: z.string().optional(), overwrite: z.boolean().default(false) })
      .strict(),
    output: z.object({ jobId: z.string() }),
  },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller passes (defaults may be omitted). */
export type Input<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives (defaults filled in). */
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type Output<M extends MethodName> = z.output<Methods[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
