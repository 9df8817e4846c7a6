/**
 * Events flow from services back to every listener (renderer windows, the CLI
 * progress bar, WebSocket clients). `domain.noun` names, one schema each.
 */
import { z } from 'zod';
import { Id, JobInfo, JobKind } from './schemas.ts';

export const events = {
  'job.progress': z.object({
    jobId: z.string(),
    kind: JobKind,
    done: z.number().int(),
    total: z.number().int().nullable(),
    errors: z.number().int(),
    /** Seconds left, estimated from the rate so far; null until there is a rate. */
    etaSec: z.number().nullable(),
    message: z.string().optional(),
  }),
  'job.finished': JobInfo,
  /** A run finished an epoch: its metrics, already stored with the checkpoint. */
  'training.epoch': z.object({ runId: z.string(), epoch: z.number().int(), step: z.number().int(), metrics: z.record(z.string(), z.number()), backend: z.string() }),
  /**
   * A run was created or changed (status, epoch), by this process or another one (the CLI, a second
   * studio): studio hosts watch the project's runs table and report each change once.
   */
  'training.run': z.object({
    runId: z.string(), datasetId: Id, kind: z.enum(['train', 'overfit', 'trial']),
    status: z.enum(['running', 'completed', 'failed', 'cancelled', 'interrupted']), epoch: z.number().int(),
  }),
  'labels.changed': z.object({ datasetId: Id, sampleIds: z.array(Id) }),
  'samples.changed': z.object({ datasetId: Id }),
  'splits.changed': z.object({ datasetId: Id }),
  'project.changed': z.object({ dir: z.string().nullable() }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export type AnyEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
