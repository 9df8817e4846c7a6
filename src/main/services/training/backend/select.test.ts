/**
 * Backend selection on a machine without tfjs-node: auto falls through the
 * native backends with a reason each and lands on wasm; cpu can be asked for;
 * a strict preference fails loudly; wasm also starts inside a Worker thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { assertSameCore, BACKEND_ORDER, describeBackend, selectBackend, wasmBinaryDir } from './select.ts';

const nativeInstalled = (pkg: string): boolean => {
  try {
    import.meta.resolve(pkg);
    return true;
  } catch {
    return false;
  }
};

describe('selectBackend', () => {
  it('auto takes the first backend that starts and says why the others were skipped', async () => {
    const sel = await selectBackend();
    expect(BACKEND_ORDER).toContain(sel.name);
    expect(sel.tf.getBackend()).toBe(sel.name === 'tensorflow-gpu' ? 'tensorflow' : sel.name);
    expect(sel.versions['tfjs-core']).toMatch(/^\d+\.\d+\.\d+/);
    expect(sel.versions['tfjs-layers']).toBe(sel.versions['tfjs-core']);
    assertSameCore(sel.tf, sel.tfl);
    for (const s of sel.skipped) expect(s.reason.length).toBeGreaterThan(10);
    if (!nativeInstalled('@tensorflow/tfjs-node-gpu') && !nativeInstalled('@tensorflow/tfjs-node')) {
      expect(sel.name).toBe('wasm');
      expect(sel.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow']);
      expect(sel.skipped[0]!.reason).toMatch(/tfjs-node-gpu is not installed/);
      expect(describeBackend(sel)).toMatch(/^wasm \((no )?SIMD, \d+ threads?\)$/);
      expect(describeBackend()).toBe(describeBackend(sel));
    }
  });

  it('switches between cpu and wasm in one thread, sharing one tfjs-core', async () => {
    const cpu = await selectBackend('cpu');
    expect(cpu.name).toBe('cpu');
    expect(cpu.skipped).toEqual([]);
    expect(describeBackend(cpu)).toBe('cpu (pure JavaScript, slow)');
    const wasm = await selectBackend('wasm');
    expect(wasm.name).toBe('wasm');
    expect(wasm.tf).toBe(cpu.tf);
    expect(wasm.tf.getBackend()).toBe('wasm');
    expect(wasm.versions['tfjs-backend-wasm']).toBe(wasm.versions['tfjs-core']);
  });

  it('fails with the reason when fallback is off and the preferred backend is missing', async () => {
    if (nativeInstalled('@tensorflow/tfjs-node')) return;
    await expect(selectBackend('tensorflow', { fallback: false })).rejects.toThrow(/tensorflow: @tensorflow\/tfjs-node is not installed/);
    await expect(selectBackend('gpu' as never)).rejects.toThrow(/unknown backend "gpu"/);
  });

  it('finds the wasm binaries through the package, wherever the code runs from', () => {
    const dir = wasmBinaryDir();
    for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) expect(fs.existsSync(path.join(dir, f))).toBe(true);
  });

  it('selects wasm inside a worker thread and runs the added training kernel there', async () => {
    const worker = new Worker(new URL('./select.test-worker.ts', import.meta.url));
    try {
      const msg = await new Promise<{ name: string; active: string; description: string; gradSum: number }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
      });
      expect(msg.name).toBe('wasm');
      expect(msg.active).toBe('wasm');
      expect(msg.description).toMatch(/^wasm \(/);
      // Stride 2, 'same' on 5×5: outputs at rows/cols 0, 2, 4; each tap hits the image 9 − (edge misses) times.
      // Per (tap, in-channel, out-channel): taps at the centre see 9 pixels, edges 6, corners 4 → (4·4 + 4·6 + 9) = 49; × 2 in × 4 out.
      expect(msg.gradSum).toBe(49 * 2 * 4);
    } finally {
      await worker.terminate();
    }
  });
});
