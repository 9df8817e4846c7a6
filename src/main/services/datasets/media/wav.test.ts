import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioDecodeError, decodeWav, encodeWav, parseWavHeader } from './wav.ts';
import type { DecodedAudio } from './wav.ts';

// ---- a minimal, independent WAV writer, so the decoder is not only checked against its own encoder ----

const enc = new TextEncoder();
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
function chunk(id: string, body: Uint8Array, sizeField = body.length): Uint8Array {
  const head = new Uint8Array(8);
  head.set(enc.encode(id));
  new DataView(head.buffer).setUint32(4, sizeField, true);
  // A pad byte only follows a complete odd-sized chunk; a deliberately wrong size field models a cut-off file.
  const pad = sizeField === body.length ? body.length & 1 : 0;
  return concat([head, body, new Uint8Array(pad)]);
}
interface Fmt { tag?: number; channels: number; rate: number; bits: number; blockAlign?: number; sub?: number; guidTail?: number[] }
const GUID_TAIL = [0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71];
function fmtChunk(f: Fmt): Uint8Array {
  const ext = f.sub !== undefined;
  const body = new Uint8Array(ext ? 40 : 16);
  const v = new DataView(body.buffer);
  const blockAlign = f.blockAlign ?? (f.channels * f.bits) / 8;
  v.setUint16(0, ext ? 0xfffe : (f.tag ?? 1), true);
  v.setUint16(2, f.channels, true);
  v.setUint32(4, f.rate, true);
  v.setUint32(8, f.rate * blockAlign, true);
  v.setUint16(12, blockAlign, true);
  v.setUint16(14, f.bits, true);
  if (ext) {
    v.setUint16(16, 22, true);
    v.setUint16(18, f.bits, true);
    v.setUint32(20, 3, true);
    v.setUint16(24, f.sub ?? 1, true);
    body.set(f.guidTail ?? GUID_TAIL, 26);
  }
  return chunk('fmt ', body);
}
function riff(chunks: Uint8Array[], form = 'WAVE', magic = 'RIFF'): Uint8Array {
  const body = concat([enc.encode(form), ...chunks]);
  return chunk(magic, body).subarray(0, 8 + body.length);
}
function wav(f: Fmt, data: Uint8Array, extra: { before?: Uint8Array[]; dataSize?: number } = {}): Uint8Array {
  return riff([...(extra.before ?? []), fmtChunk(f), chunk('data', data, extra.dataSize)]);
}
/** Interleaves integer sample values (per channel) into little-endian bytes of the given width. */
function packInts(chans: number[][], bytes: number): Uint8Array {
  const frames = chans[0]?.length ?? 0;
  const out = new Uint8Array(frames * chans.length * bytes);
  let at = 0;
  for (let i = 0; i < frames; i++) {
    for (const ch of chans) {
      const val = ch[i] as number;
      for (let b = 0; b < bytes; b++) out[at++] = (val >> (8 * b)) & 0xff;
    }
  }
  return out;
}
function packFloats(chans: number[][], bytes: 4 | 8): Uint8Array {
  const frames = chans[0]?.length ?? 0;
  const out = new Uint8Array(frames * chans.length * bytes);
  const v = new DataView(out.buffer);
  let at = 0;
  for (let i = 0; i < frames; i++) {
    for (const ch of chans) {
      if (bytes === 4) v.setFloat32(at, ch[i] as number, true);
      else v.setFloat64(at, ch[i] as number, true);
      at += bytes;
    }
  }
  return out;
}
/** Deterministic pseudo-random integers in [lo, hi]. */
function ints(n: number, lo: number, hi: number, seed: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(lo + Math.floor((s / 2 ** 32) * (hi - lo + 1)));
  }
  return out;
}
const asArrays = (a: DecodedAudio): number[][] => a.channels.map((c) => Array.from(c));
const scaled = (chans: number[][], f: (v: number) => number): number[][] => chans.map((c) => c.map((v) => Math.fround(f(v))));

describe('decodeWav round trips', () => {
  it('16-bit PCM via encodeWav is bit-exact, 3 channels, odd rate', () => {
    const chans = [ints(1000, -32768, 32767, 1), ints(1000, -32768, 32767, 2), [-32768, 32767, 0, ...ints(997, -5, 5, 3)]];
    const audio: DecodedAudio = { sampleRate: 22051, channels: chans.map((c) => Float32Array.from(c, (v) => v / 32768)) };
    const bytes = encodeWav(audio);
    const info = parseWavHeader(bytes);
    expect(info).toEqual({ sampleRate: 22051, channels: 3, bitsPerSample: 16, format: 'pcm', frames: 1000, durationSec: 1000 / 22051, dataOffset: 44, dataBytes: 6000 });
    const back = decodeWav(bytes);
    expect(back.sampleRate).toBe(22051);
    expect(asArrays(back)).toEqual(asArrays(audio));
    // The stored integers are the originals, interleaved, i.e. the encoder did not scale by 32767.
    expect(bytes.subarray(44, 56)).toEqual(packInts(chans.map((c) => c.slice(0, 2)), 2));
  });

  it('encodeWav clips and rounds when quantising to 16 bits', () => {
    const audio = { sampleRate: 8000, channels: [Float32Array.of(1, -1, 1.5, -1.5, NaN, 0.25 / 32768, 0.75 / 32768)] };
    const back = decodeWav(encodeWav(audio)).channels[0];
    expect(Array.from(back ?? [])).toEqual([32767 / 32768, -1, 32767 / 32768, -1, 0, 0, 1 / 32768]);
  });

  it('32-bit float via encodeWav keeps values exactly, including out-of-range ones', () => {
    const vals = [0, -0.5, 0.123456789, 1, -1, 1.75, -3.25, 1e-30];
    const audio = { sampleRate: 48000, channels: [Float32Array.from(vals), Float32Array.from(vals.map((v) => -v))] };
    for (const opts of [{ float: true }, { bitsPerSample: 32 as const }]) {
      const bytes = encodeWav(audio, opts);
      expect(parseWavHeader(bytes)).toMatchObject({ format: 'float', bitsPerSample: 32, channels: 2, frames: vals.length });
      expect(asArrays(decodeWav(bytes))).toEqual(asArrays(audio));
    }
  });

  it('32-bit integer via encodeWav ({ bitsPerSample: 32, float: false })', () => {
    const chans = [[-2147483648, 2147483392, 0, 256, -256, 1 << 30]];
    const audio = { sampleRate: 8000, channels: chans.map((c) => Float32Array.from(c, (v) => v / 2147483648)) };
    const bytes = encodeWav(audio, { bitsPerSample: 32, float: false });
    expect(parseWavHeader(bytes)).toMatchObject({ format: 'pcm', bitsPerSample: 32 });
    expect(bytes.subarray(44)).toEqual(packInts(chans, 4));
    expect(asArrays(decodeWav(bytes))).toEqual(asArrays(audio));
  });

  it('decodes the same from a misaligned buffer (DataView path) as from an aligned one (typed-array path)', () => {
    const vals = [...ints(300, -32768, 32767, 8)];
    const audio = { sampleRate: 8000, channels: [Float32Array.from(vals, (v) => v / 32768), Float32Array.from(vals.toReversed(), (v) => v / 32768)] };
    const floats = { sampleRate: 8000, channels: [Float32Array.of(0.5, NaN, -Infinity, 2)] };
    for (const [bytes, want] of [[encodeWav(audio), asArrays(audio)], [encodeWav(floats, { float: true }), [[0.5, 0, 0, 2]]]] as const) {
      const shifted = new Uint8Array(bytes.length + 1);
      shifted.set(bytes, 1);
      expect(asArrays(decodeWav(bytes))).toEqual(want);
      expect(asArrays(decodeWav(shifted.subarray(1)))).toEqual(want);
    }
  });

  it('rejects encoder misuse', () => {
    const mono = { sampleRate: 8000, channels: [new Float32Array(4)] };
    expect(() => encodeWav(mono, { bitsPerSample: 16, float: true })).toThrow(RangeError);
    expect(() => encodeWav({ sampleRate: 8000, channels: [] })).toThrow(/channels/);
    expect(() => encodeWav({ sampleRate: 0, channels: [new Float32Array(1)] })).toThrow(/sample rate/);
    expect(() => encodeWav({ sampleRate: 8000, channels: [new Float32Array(2), new Float32Array(3)] })).toThrow(/length/);
  });

  it('8-bit unsigned: every byte u maps to (u-128)/128', () => {
    const all = Array.from({ length: 256 }, (_, i) => i);
    const back = decodeWav(wav({ channels: 1, rate: 11025, bits: 8 }, Uint8Array.from(all)));
    expect(asArrays(back)).toEqual([all.map((u) => (u - 128) / 128)]);
  });

  it('24-bit signed, stereo: v maps to v/8388608 (sign extension included)', () => {
    const chans = [[-8388608, 8388607, -1, 0, 1, ...ints(500, -8388608, 8388607, 4)], [0, -1, 1, 8388607, -8388608, ...ints(500, -300, 300, 5)]];
    const bytes = wav({ channels: 2, rate: 96000, bits: 24 }, packInts(chans, 3));
    expect(parseWavHeader(bytes)).toMatchObject({ bitsPerSample: 24, frames: 505, dataBytes: 505 * 6 });
    expect(asArrays(decodeWav(bytes))).toEqual(scaled(chans, (v) => v / 8388608));
  });

  it('32-bit signed integer: v maps to v/2147483648', () => {
    const chans = [[-2147483648, 2147483647, -1, 1, ...ints(300, -2147483648, 2147483647, 6)]];
    const back = decodeWav(wav({ channels: 1, rate: 8000, bits: 32 }, packInts(chans, 4)));
    expect(asArrays(back)).toEqual(scaled(chans, (v) => v / 2147483648));
  });

  it('64-bit float decodes to the nearest float32; non-finite values become 0', () => {
    const vals = [0.1, -0.7, 1 / 3, 0.999999999, -1, NaN, Infinity, -Infinity];
    const back = decodeWav(wav({ tag: 3, channels: 1, rate: 8000, bits: 64 }, packFloats([vals], 8)));
    expect(asArrays(back)).toEqual([[0.1, -0.7, 1 / 3, 0.999999999, -1, 0, 0, 0].map(Math.fround)]);
  });

  it('WAVE_FORMAT_EXTENSIBLE with PCM and float sub-formats, 6 channels', () => {
    const chans = Array.from({ length: 6 }, (_, c) => ints(64, -32768, 32767, 10 + c));
    const pcm = decodeWav(wav({ channels: 6, rate: 48000, bits: 16, sub: 1 }, packInts(chans, 2)));
    expect(asArrays(pcm)).toEqual(scaled(chans, (v) => v / 32768));
    const pcm24 = wav({ channels: 6, rate: 48000, bits: 24, sub: 1 }, packInts(chans, 3));
    expect(asArrays(decodeWav(pcm24))).toEqual(scaled(chans, (v) => v / 8388608));
    const fl = chans.map((c) => c.map((v) => v / 40000));
    const flt = wav({ channels: 6, rate: 48000, bits: 32, sub: 3 }, packFloats(fl, 4));
    expect(parseWavHeader(flt)).toMatchObject({ format: 'float', channels: 6 });
    expect(asArrays(decodeWav(flt))).toEqual(scaled(fl, (v) => v));
  });
});

describe('chunk walking', () => {
  const data = packInts([[1000, -1000, 2000]], 2);
  const expected = [[1000 / 32768, -1000 / 32768, 2000 / 32768]];

  it('skips unknown chunks, with odd sizes padded, before and between fmt and data', () => {
    const list = chunk('LIST', concat([enc.encode('INFO'), chunk('ISFT', enc.encode('abc'))]));
    const odd = chunk('junk', Uint8Array.of(1, 2, 3)); // 3 bytes + 1 pad byte
    const bytes = riff([odd, chunk('bext', new Uint8Array(7)), fmtChunk({ channels: 1, rate: 8000, bits: 16 }), list, chunk('fact', new Uint8Array(4)), chunk('data', data)]);
    const info = parseWavHeader(bytes);
    expect(info.dataOffset).toBe(bytes.length - 6);
    expect(asArrays(decodeWav(bytes))).toEqual(expected);
  });

  it('finds fmt after data, and stops the data at its declared size (odd size + trailing chunk)', () => {
    const odd8 = Uint8Array.of(128, 255, 0);
    const bytes = riff([chunk('data', odd8), fmtChunk({ channels: 1, rate: 8000, bits: 8 }), chunk('LIST', new Uint8Array(20).fill(7))]);
    expect(asArrays(decodeWav(bytes))).toEqual([[0, 127 / 128, -1]]);
  });

  it.each([0xffffffff, 0])('data size %d (streaming recorder) means "to the end of the file"', (size) => {
    const bytes = wav({ channels: 1, rate: 8000, bits: 16 }, concat([data, Uint8Array.of(9)]), { dataSize: size });
    const info = parseWavHeader(bytes);
    expect(info).toMatchObject({ frames: 3, dataBytes: 6, dataOffset: 44 });
    expect(info.truncated).toBeUndefined();
    expect(asArrays(decodeWav(bytes))).toEqual(expected);
  });

  it('an empty data chunk decodes to zero frames', () => {
    const out = decodeWav(wav({ channels: 2, rate: 8000, bits: 16 }, new Uint8Array(0)));
    expect(out.channels.map((c) => c.length)).toEqual([0, 0]);
  });
});

describe('errors', () => {
  const fmt16 = fmtChunk({ channels: 1, rate: 8000, bits: 16 });
  const cases: [string, Uint8Array, string | RegExp][] = [
    ['zero-byte file', new Uint8Array(0), 'file is empty (0 bytes)'],
    ['text file named .wav', enc.encode('hello, this is not audio\n'), 'not a WAV file: it looks like a text file'],
    ['MP3 renamed (ID3 tag)', concat([enc.encode('ID3'), Uint8Array.of(4, 0, 0, 0, 0, 0, 0, 0xff, 0xfb)]), 'not a WAV file: it looks like an MP3/MPEG audio file'],
    ['MP3 renamed (bare frame sync)', Uint8Array.of(0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0, 0, 0, 0, 0), /MP3/],
    ['random binary', Uint8Array.of(0, 1, 2, 3, 200, 201, 202, 0, 0, 0, 0, 0), 'not a WAV file: the RIFF/WAVE signature is missing'],
    ['RIFF but AVI', riff([], 'AVI '), "not a WAV file: RIFF form type is 'AVI ', expected 'WAVE'"],
    ['RIFF cut short', enc.encode('RIFF\0\0'), /too short/],
    ['big-endian RIFX', riff([], 'WAVE', 'RIFX'), /unsupported WAV variant: big-endian RIFX/],
    ['RF64', riff([], 'WAVE', 'RF64'), /unsupported WAV variant: RF64/],
    ['missing fmt chunk', riff([chunk('LIST', new Uint8Array(4)), chunk('data', new Uint8Array(8))]), 'not a valid WAV file: missing fmt chunk'],
    ['missing data chunk', riff([fmt16, chunk('LIST', new Uint8Array(4))]), 'not a valid WAV file: missing data chunk'],
    ['header only', riff([]), /missing fmt chunk/],
    ['MS ADPCM', wav({ tag: 2, channels: 1, rate: 8000, bits: 4, blockAlign: 256 }, new Uint8Array(256)), 'unsupported WAV codec: format tag 0x0002 (Microsoft ADPCM); only PCM and IEEE float are supported'],
    ['IMA ADPCM', wav({ tag: 0x11, channels: 1, rate: 8000, bits: 4, blockAlign: 256 }, new Uint8Array(256)), /format tag 0x0011 \(IMA ADPCM\)/],
    ['unknown codec', wav({ tag: 0x1234, channels: 1, rate: 8000, bits: 16 }, new Uint8Array(4)), /format tag 0x1234; only PCM/],
    ['extensible with an A-law sub-format', wav({ channels: 1, rate: 8000, bits: 8, sub: 6 }, new Uint8Array(4)), /format tag 0x0006 \(A-law\)/],
    ['extensible with a foreign GUID', wav({ channels: 1, rate: 8000, bits: 16, sub: 1, guidTail: new Array<number>(14).fill(0x42) }, new Uint8Array(4)), /sub-format \(unknown GUID\)/],
    ['channels 0', wav({ channels: 0, rate: 8000, bits: 16, blockAlign: 2 }, new Uint8Array(4)), 'invalid fmt chunk: channel count is 0'],
    ['sample rate 0', wav({ channels: 1, rate: 0, bits: 16 }, new Uint8Array(4)), 'invalid fmt chunk: sample rate is 0'],
    ['block align mismatch', wav({ channels: 2, rate: 8000, bits: 16, blockAlign: 2 }, new Uint8Array(8)), 'invalid fmt chunk: block align 2 does not match 2 channels × 2 bytes per sample'],
    ['16-bit float', wav({ tag: 3, channels: 1, rate: 8000, bits: 16 }, new Uint8Array(8)), 'unsupported bit depth: 16-bit float (supported: 32, 64)'],
    ['short fmt chunk', riff([chunk('fmt ', new Uint8Array(12)), chunk('data', new Uint8Array(4))]), /fmt chunk is too short \(12 bytes/],
    ['fmt cut off by end of file', riff([chunk('fmt ', new Uint8Array(16))]).subarray(0, 30), 'fmt chunk is truncated'],
    ['data under 90% present', wav({ channels: 1, rate: 8000, bits: 16 }, new Uint8Array(899), { dataSize: 1000 }), 'data chunk truncated: header says 1000 bytes, file has 899'],
  ];

  it.each(cases)('%s', (_name, bytes, reason) => {
    for (const fn of [parseWavHeader, decodeWav]) {
      let err: unknown;
      try {
        fn(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AudioDecodeError);
      const msg = (err as Error).message;
      if (typeof reason === 'string') expect(msg).toBe(reason);
      else expect(msg).toMatch(reason);
    }
  });

  it('a data chunk with at least 90% present decodes the whole frames that are there, flagged truncated', () => {
    const vals = ints(500, -32768, 32767, 7);
    const full = packInts([vals], 2); // 1000 bytes
    const bytes = wav({ channels: 1, rate: 8000, bits: 16 }, full.subarray(0, 901), { dataSize: 1000 });
    const info = parseWavHeader(bytes);
    expect(info).toMatchObject({ truncated: true, frames: 450, dataBytes: 900, durationSec: 450 / 8000 });
    expect(asArrays(decodeWav(bytes))).toEqual([vals.slice(0, 450).map((v) => v / 32768)]);
    expect(parseWavHeader(wav({ channels: 1, rate: 8000, bits: 16 }, full)).truncated).toBeUndefined();
  });
});

describe('decode throughput', () => {
  it('logs seconds of 16 kHz mono (and 44.1 kHz 24-bit stereo) audio decoded per CPU second', () => {
    const secs = 60;
    const report: string[] = [];
    const cases: [string, number, number, Uint8Array][] = [];
    const mono = Float32Array.from({ length: 16000 * secs }, (_, i) => 0.5 * Math.sin(i * 0.1));
    cases.push(['16 kHz mono 16-bit', 16000, 1, encodeWav({ sampleRate: 16000, channels: [mono] })]);
    const st = ints(44100 * 10, -8388608, 8388607, 9);
    cases.push(['44.1 kHz stereo 24-bit', 44100, 2, wav({ channels: 2, rate: 44100, bits: 24 }, packInts([st, st], 3))]);
    for (const [label, rate, , bytes] of cases) {
      const audioSecs = parseWavHeader(bytes).frames / rate;
      decodeWav(bytes); // warm-up so the JIT has compiled the loop
      const t0 = process.cpuUsage();
      let runs = 0;
      let cpu = 0;
      while (cpu < 0.4 || runs < 3) {
        decodeWav(bytes);
        runs++;
        const d = process.cpuUsage(t0);
        cpu = (d.user + d.system) / 1e6;
      }
      report.push(`${label}: ${Math.round((runs * audioSecs) / cpu)}x real time (${runs} x ${audioSecs}s in ${cpu.toFixed(2)}s CPU)`);
    }
    console.log(`[wav] decode throughput: ${report.join('; ')}`);
    expect(report).toHaveLength(2);
  });
});

// ---- against files written by independent encoders (sox, ffmpeg) ----

const hasSox = spawnSync('sox', ['--version']).status === 0;
const soxTitle = hasSox ? 'against sox/ffmpeg reference files' : 'against sox/ffmpeg reference files — SKIPPED: `sox` is not on PATH (apt-get install -y sox ffmpeg)';

/** Frequency from positive-going zero crossings, interpolated between samples. */
function zeroCrossingHz(x: Float32Array, rate: number): number {
  const times: number[] = [];
  for (let i = 1; i < x.length; i++) {
    const a = x[i - 1] as number;
    const b = x[i] as number;
    if (a < 0 && b >= 0) times.push(i - 1 + a / (a - b));
  }
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? 0;
  return ((times.length - 1) * rate) / (last - first);
}
const peak = (x: Float32Array): number => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe.skipIf(!hasSox)(soxTitle, () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trainyard-wav-'));
    const script = fileURLToPath(new URL('../../../../../scripts/make-wav-fixtures.sh', import.meta.url));
    const r = spawnSync('bash', [script, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`make-wav-fixtures.sh failed: ${r.stderr}`);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const rates = [8000, 44100];
  const encs: [string, number, string][] = [['u8', 8, 'pcm'], ['s16', 16, 'pcm'], ['s24', 24, 'pcm'], ['s32', 32, 'pcm'], ['f32', 32, 'float'], ['f64', 64, 'float']];
  const soxCases = rates.flatMap((rate) => encs.flatMap(([e, bits, format]) => [1, 2].map((ch) => ({ rate, e, bits, format, ch }))));

  it.each(soxCases)('sox $rate Hz $e $ch ch: header, 440/880 Hz, peak 0.5', ({ rate, e, bits, format, ch }) => {
    const bytes = readFileSync(join(dir, `sine_${rate}_${e}_${ch}ch.wav`));
    const info = parseWavHeader(bytes);
    expect(info).toMatchObject({ sampleRate: rate, channels: ch, bitsPerSample: bits, format, frames: rate / 2 });
    expect(info.durationSec).toBeCloseTo(0.5, 6);
    const audio = decodeWav(bytes);
    const tol = bits === 8 ? 1 / 128 + 1e-6 : 1e-4;
    audio.channels.forEach((x, c) => {
      expect(Math.abs(zeroCrossingHz(x, rate) - (c === 0 ? 440 : 880))).toBeLessThanOrEqual(2);
      expect(Math.abs(peak(x) - 0.5)).toBeLessThanOrEqual(tol);
    });
  });

  it.each(rates)('at %i Hz every bit depth decodes to the same signal within its quantisation step', (rate) => {
    const ref = decodeWav(readFileSync(join(dir, `sine_${rate}_f64_2ch.wav`)));
    for (const [e, bits] of encs) {
      const got = decodeWav(readFileSync(join(dir, `sine_${rate}_${e}_2ch.wav`)));
      // Half a step: sox rounds to nearest, and a wrong scale (e.g. /127 or /32767) at amplitude 0.5 would exceed it.
      const step = (bits === 8 ? 0.5 / 128 : bits === 16 ? 0.5 / 32768 : 1e-7) + 1e-9;
      let worst = 0;
      got.channels.forEach((x, c) => x.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (ref.channels[c]?.[i] ?? NaN))))));
      expect(worst, e).toBeLessThanOrEqual(step);
    }
  });

  it('ffmpeg files (LIST chunk, extensible 24-bit) decode to a 440 Hz tone at 1/8 amplitude', () => {
    const files = readdirSync(dir).filter((f) => f.startsWith('ffmpeg_'));
    if (files.length === 0) console.warn('[wav] ffmpeg not installed: ffmpeg reference files skipped');
    for (const f of files) {
      const audio = decodeWav(readFileSync(join(dir, f)));
      const x = audio.channels[0] as Float32Array;
      expect(audio.sampleRate, f).toBe(8000);
      expect(Math.abs(zeroCrossingHz(x, 8000) - 440), f).toBeLessThan(2);
      expect(Math.abs(peak(x) - 0.125), f).toBeLessThan(f.includes('u8') ? 0.01 : 0.001);
    }
  });

  it('sox reads back what encodeWav writes (16-bit and float)', () => {
    const src = decodeWav(readFileSync(join(dir, 'sine_44100_f32_2ch.wav')));
    for (const [name, opts] of [['e16.wav', {}], ['ef32.wav', { float: true }]] as const) {
      const file = join(dir, name);
      writeFileSync(file, encodeWav(src, opts));
      const info = spawnSync('sox', ['--i', file], { encoding: 'utf8' }).stdout;
      expect(info).toMatch(/Channels\s*: 2/);
      expect(info).toMatch(/Sample Rate\s*: 44100/);
      expect(info).toMatch(/22050 samples/);
      const stat = spawnSync('sox', [file, '-n', 'stat'], { encoding: 'utf8' }).stderr;
      const max = Number(/Maximum amplitude:\s*([\d.]+)/.exec(stat)?.[1]);
      expect(max).toBeCloseTo(0.5, 3);
    }
  });
});
