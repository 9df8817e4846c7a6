/**
 * The one entry point every transport calls: validate the input against the
 * contract, run the handler, wrap the answer in an envelope. Electron IPC,
 * the HTTP host and the CLI all go through here.
 */
import type { z } from 'zod';
import { isMethodName, methods, toErrorInfo, TrainyardError, type Envelope, type MethodName } from '../../shared/contract/index.ts';
import type { AppContext } from './context.ts';
import { handlers } from './handlers.ts';

/** Output validation costs a little; it is on in tests and when asked for. */
const checkOutputs = process.env.VITEST !== undefined || process.env.TRAINYARD_CHECK_OUTPUTS === '1';

export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export async function dispatch(ctx: AppContext, method: string, input: unknown): Promise<Envelope<unknown>> {
  try {
    if (!isMethodName(method)) throw new TrainyardError('unknown_method', `unknown method "${method}"`);
    const spec = methods[method];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      throw new TrainyardError('invalid_input', `${method}: ${formatIssues(parsed.error)}`, { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) });
    }
    const handler = handlers[method] as (input: unknown, ctx: AppContext) => unknown;
    const value = await handler(parsed.data, ctx);
    if (checkOutputs) {
      const out = (spec.output as z.ZodType).safeParse(value);
      if (!out.success) throw new TrainyardError('internal', `${method} returned a value outside the contract: ${formatIssues(out.error)}`);
    }
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}

export type { MethodName };
