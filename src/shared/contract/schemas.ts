/**
 * Entity schemas shared by every method of the contract. They describe what
 * crosses a process boundary; services build these shapes from the store.
 */
import { z } from 'zod';

export const Modality = z.enum(['image', 'text', 'audio', 'tabular']);
export type Modality = z.infer<typeof Modality>;

export const SPLIT_NAMES = ['train', 'validation', 'test'] as const;
export const SplitName = z.enum(SPLIT_NAMES);
export type SplitName = z.infer<typeof SplitName>;

export const Id = z.number().int().positive();

/** A path given by the user: non-empty, no NUL bytes. */
export const UserPath = z
  .string()
  .min(1, 'path is empty')
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte');

export const ProjectInfo = z.object({
  dir: z.string(),
  name: z.string(),
  createdAt: z.string(),
  schemaVersion: z.number().int(),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

/** What a tabular dataset's label column is for: classes (classification) or a number to predict (regression). */
export const TabularTask = z.enum(['classification', 'regression']);
export type TabularTask = z.infer<typeof TabularTask>;

/**
 * The role of a column of a tabular dataset. `label` is the target (at most
 * one), `id` the sample key (at most one); `ignore` columns are kept as
 * metadata but not used for training.
 */
export const TabularColumnType = z.enum(['numeric', 'categorical', 'date', 'text', 'id', 'label', 'ignore']);
export type TabularColumnType = z.infer<typeof TabularColumnType>;

/** A column of a tabular dataset, in file order, with its type. */
export const DatasetColumn = z.object({ name: z.string(), position: z.number().int(), type: TabularColumnType });
export type DatasetColumn = z.infer<typeof DatasetColumn>;

export const DatasetInfo = z.object({
  id: Id,
  name: z.string(),
  modality: Modality,
  total: z.number().int(),
  labeled: z.number().int(),
  /** Tabular datasets: what the label column is for; null for others (and unlabeled tables). */
  task: TabularTask.nullable(),
});
export type DatasetInfo = z.infer<typeof DatasetInfo>;

/** A class of a dataset. `shortcut` is the key that applies it in the gallery (1–9 or a letter). */
export const ClassInfo = z.object({
  id: Id,
  datasetId: Id,
  name: z.string(),
  color: z.string(),
  shortcut: z.string().nullable(),
  position: z.number().int(),
  count: z.number().int(),
});
export type ClassInfo = z.infer<typeof ClassInfo>;

export const ClassName = z
  .string()
  .trim()
  .min(1, 'class name is empty')
  .max(200)
  .refine((n) => !/[\\/\0]/.test(n) && n !== '.' && n !== '..', 'class name cannot contain / or \\ or be . or ..');
export const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must look like #12ab9f');
export const Shortcut = z.string().regex(/^[1-9a-z]$/, 'shortcut must be 1–9 or a lowercase letter');

export const MetaValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type MetaValue = z.infer<typeof MetaValue>;

/** One row of the gallery: enough to draw a tile, nothing heavy. */
export const SampleRow = z.object({
  id: Id,
  key: z.string(),
  modality: Modality,
  labelId: Id.nullable(),
  split: SplitName.nullable(),
  /** Relative media path (images, audio) or null for text. */
  path: z.string().nullable(),
  /** Text content, shortened for rows (full text in samples.get). */
  text: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  durationSec: z.number().nullable(),
  hasThumb: z.boolean(),
  /** Tabular rows only: the row's cells (as stored in the metadata), for the gallery's row view. */
  meta: z.record(z.string(), MetaValue).optional(),
});
export type SampleRow = z.infer<typeof SampleRow>;

export const LabelChange = z.object({
  sampleId: Id,
  oldLabelId: Id.nullable(),
  newLabelId: Id.nullable(),
});
export type LabelChange = z.infer<typeof LabelChange>;

export const HistoryEntry = z.object({
  at: z.string(),
  actor: z.string(),
  oldLabel: z.string().nullable(),
  newLabel: z.string().nullable(),
});

export const SampleDetail = SampleRow.extend({
  datasetId: Id,
  text: z.string().nullable(),
  label: z.string().nullable(),
  contentHash: z.string().nullable(),
  bytes: z.number().int().nullable(),
  sampleRate: z.number().int().nullable(),
  channels: z.number().int().nullable(),
  format: z.string().nullable(),
  meta: z.record(z.string(), MetaValue),
  source: z.string().nullable(),
  importedAt: z.string(),
  history: z.array(HistoryEntry),
});
export type SampleDetail = z.infer<typeof SampleDetail>;

export const SampleFilter = z.object({
  /** Class ids to keep; combined with `unlabeled` by OR. */
  labelIds: z.array(Id).max(1000).optional(),
  unlabeled: z.boolean().optional(),
  splits: z.array(z.union([SplitName, z.literal('none')])).max(4).optional(),
  meta: z
    .object({ key: z.string().min(1).max(200), value: z.string().max(1000) })
    .optional(),
  /** Full-text search over text content and file path. */
  search: z.string().max(500).optional(),
});
export type SampleFilter = z.infer<typeof SampleFilter>;

export const SampleSort = z.enum(['key', 'imported', 'label', 'duration', 'size']);
export type SampleSort = z.infer<typeof SampleSort>;

export const ImportColumns = z.object({
  text: z.string().min(1).max(200).default('text'),
  label: z.string().min(1).max(200).default('label'),
  id: z.string().min(1).max(200).default('id'),
  path: z.string().min(1).max(200).default('path'),
});

/** A column name (as in a file's header) → its type, for the import's column-type step. */
export const ColumnTypes = z.record(z.string().min(1).max(200), TabularColumnType)
  .refine((t) => Object.keys(t).length <= 10_000, 'too many columns');

/** The column-type step's proposal for one column of a table. */
export const ColumnProposal = z.object({
  name: z.string(),
  type: TabularColumnType,
  /** One line: why this type was proposed. */
  reason: z.string(),
  /** Up to 5 distinct values from the sampled rows. */
  examples: z.array(z.string()).max(5),
  /** As a label: a quantity to regress on (numbers with fractions or over 20 distinct values), not class codes. */
  quantity: z.boolean(),
});
export type ColumnProposal = z.infer<typeof ColumnProposal>;

/** What `import.inspect` found in a manifest: enough to show the column-type step before importing. */
export const InspectResult = z.object({
  format: z.enum(['csv', 'tsv', 'jsonl']),
  encoding: z.string(),
  /** The modality an import would pick (tabular when the table has neither a text nor a path column). */
  modality: Modality,
  /** Rows read to make the proposal (at most about 500). */
  rowsSampled: z.number().int(),
  columns: z.array(ColumnProposal),
  /** Regression when the proposed label column holds a quantity, classification when it holds classes (0/1 codes too), null without one. */
  suggestedTask: TabularTask.nullable(),
});
export type InspectResult = z.infer<typeof InspectResult>;

export const ItemError = z.object({ item: z.string(), reason: z.string() });
export type ItemError = z.infer<typeof ItemError>;

/** Counts per label and per split; the shape `stats`, `import` and `split` share on the CLI. */
export const Counts = z.object({
  total: z.number().int(),
  labels: z.record(z.string(), z.number().int()),
  splits: z.record(z.string(), z.record(z.string(), z.number().int())),
});
export type Counts = z.infer<typeof Counts>;

export const ImportSummary = Counts.extend({
  dataset: z.string(),
  imported: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(ItemError),
  /** Things that imported but deserve a look (e.g. a JPEG named .png, a Latin-1 CSV). */
  warnings: z.array(z.string()),
  cancelled: z.boolean(),
  /** Tabular imports: the dataset's columns with their final types, and its task. */
  columns: z.array(DatasetColumn).optional(),
  task: TabularTask.nullable().optional(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const SplitMode = z.enum(['random', 'stratified', 'group', 'date']);
export type SplitMode = z.infer<typeof SplitMode>;

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'dates look like 2024-01-31')
  .refine((d) => !Number.isNaN(Date.parse(d)), 'not a real date');

/** How a dataset is split. Ratios are train, validation, test and must sum to 1. */
export const SplitConfig = z
  .object({
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    ratios: z
      .tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)])
      .refine((r) => Math.abs(r[0] + r[1] + r[2] - 1) < 1e-6, 'ratios must sum to 1'),
    mode: SplitMode,
    groupColumn: z.string().min(1).max(200).optional(),
    dateColumn: z.string().min(1).max(200).optional(),
    /** Two cutoffs: before the first → train, before the second → validation, the rest → test. */
    cutoffs: z.tuple([IsoDate, IsoDate]).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.mode === 'group' && !c.groupColumn) ctx.addIssue({ code: 'custom', path: ['groupColumn'], message: 'group mode needs a group column' });
    if (c.mode === 'date') {
      if (!c.dateColumn) ctx.addIssue({ code: 'custom', path: ['dateColumn'], message: 'date mode needs a date column' });
      if (!c.cutoffs) ctx.addIssue({ code: 'custom', path: ['cutoffs'], message: 'date mode needs two cutoffs' });
      else if (Date.parse(c.cutoffs[0]) > Date.parse(c.cutoffs[1])) ctx.addIssue({ code: 'custom', path: ['cutoffs'], message: 'cutoffs must be in order' });
    }
  });
export type SplitConfig = z.infer<typeof SplitConfig>;

export const SplitReport = z.object({
  datasetId: Id,
  config: SplitConfig.nullable(),
  createdAt: z.string().nullable(),
  /** Class name (or "(unlabeled)") → split → count. */
  counts: z.record(z.string(), z.record(z.string(), z.number().int())),
  /** Split → fraction of all samples, to compare with the ratios. */
  fractions: z.record(z.string(), z.number()),
  unassigned: z.number().int(),
  warnings: z.array(z.string()),
  groups: z.number().int().nullable(),
});
export type SplitReport = z.infer<typeof SplitReport>;

export const JobKind = z.enum(['import', 'export', 'augment', 'train', 'search']);
export const JobStatus = z.enum(['running', 'completed', 'failed', 'cancelled']);
export const JobInfo = z.object({
  id: z.string(),
  kind: JobKind,
  status: JobStatus,
  done: z.number().int(),
  total: z.number().int().nullable(),
  startedAt: z.string(),
  result: z.unknown().optional(),
  error: z.string().optional(),
  /** The error's code when the job failed with a known error (e.g. conflict, invalid_input). */
  errorCode: z.string().optional(),
  /** What the job works on, when it is a thing with an id of its own: the run of a train job, the search of a search job. */
  subject: z.string().optional(),
});
export type JobInfo = z.infer<typeof JobInfo>;

export const ExportFormat = z.enum(['csv', 'jsonl', 'imagefolder']);
export const ExportSummary = z.object({
  out: z.string(),
  format: ExportFormat,
  rows: z.number().int(),
  files: z.number().int(),
  manifest: z.string(),
  errors: z.array(ItemError),
});
export type ExportSummary = z.infer<typeof ExportSummary>;
