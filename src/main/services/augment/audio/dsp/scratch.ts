/**
 * Reusable float64 work buffers, one per purpose. Fresh large typed arrays
 * are expensive where page faults are (V8 backs them with calloc; on the
 * 2-core VMs this project is measured on a first touch of a page costs
 * ~10 µs, so a 1 s clip's float64 buffer costs ~0.3 ms before any work).
 * Every DSP function here runs synchronously to its end, so a buffer taken
 * for a purpose is free again when the function returns; purposes must not
 * be shared by functions that call each other.
 */

/** Above this many elements (8 MB; 65 s at 16 kHz) a buffer is allocated per call instead, so a long file does not pin its memory in every worker. */
const KEEP_LIMIT = 1 << 20;
const pool = new Map<string, Float64Array>();

/** A zeroed buffer of `length` for `purpose`, valid until the caller returns. */
export function scratch(purpose: string, length: number): Float64Array {
  if (length > KEEP_LIMIT) return new Float64Array(length);
  let buf = pool.get(purpose);
  if (!buf || buf.length < length) {
    buf = new Float64Array(Math.max(length, Math.min(KEEP_LIMIT, (buf?.length ?? 0) * 2)));
    pool.set(purpose, buf);
  }
  const view = buf.subarray(0, length);
  view.fill(0);
  return view;
}
