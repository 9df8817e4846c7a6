/**
 * The error envelope: every call over every transport answers
 * `{ ok: true, value }` or `{ ok: false, error }`, so errors keep their code and
 * details across process boundaries (IPC, HTTP, CLI).
 */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'no_project'
  | 'cancelled'
  | 'forbidden'
  | 'unknown_method'
  | 'internal';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** An error a service throws on purpose; its code and message reach the caller unchanged. */
export class TrainyardError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'TrainyardError';
    this.code = code;
    this.details = details;
  }
}

export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof TrainyardError) {
    return err.details === undefined
      ? { code: err.code, message: err.message }
      : { code: err.code, message: err.message, details: err.details };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}

/** Turns a failed envelope back into a throwable error on the calling side. */
export function fromErrorInfo(info: ErrorInfo): TrainyardError {
  return new TrainyardError(info.code, info.message, info.details);
}
