/**
 * A small, dependency-free WAV (RIFF/WAVE) reader and writer.
 *
 * The importer probes and thumbnails user files with it, and augmentation and
 * feature extraction decode through it, so it has to be strict about what it
 * accepts (every rejection names the problem in words a user can act on) yet
 * tolerant of the sloppy headers real recorders write (unknown chunks, odd
 * pad bytes, streaming "size unknown" markers, a few missing tail bytes).
 */

/** What the header says about the audio, plus where the samples live. */
export interface WavInfo {
  sampleRate: number;
  channels: number;
  /** Storage size of one sample in bits (the container size, e.g. 32 for 24-in-32 extensible). */
  bitsPerSample: number;
  format: 'pcm' | 'float';
  /** Whole frames (one sample per channel) available in the file. */
  frames: number;
  durationSec: number;
  /** Byte offset of the first sample in the file. */
  dataOffset: number;
  /** Bytes of whole frames available from `dataOffset` (frames × block align). */
  dataBytes: number;
  /** Set when the file ends before the data chunk does but at least 90% of it is present. */
  truncated?: true;
}

/** Decoded audio: one Float32Array per channel, all the same length. */
export interface DecodedAudio {
  sampleRate: number;
  /** Integer formats map into [-1, 1); float files keep their stored values (non-finite ones become 0). */
  channels: Float32Array[];
}

/** A file that cannot be decoded; `message` is a user-facing reason. */
export class AudioDecodeError extends Error {
  override name = 'AudioDecodeError';
}

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_EXTENSIBLE = 0xfffe;
/** Data chunk sizes that streaming recorders write before they know the length. */
const SIZE_UNKNOWN = 0xffffffff;
const MIN_TRUNCATED_FRACTION = 0.9;
const LITTLE_ENDIAN_HOST = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Names for format tags people actually run into, so the error says more than a number. */
const CODEC_NAMES: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG audio',
  0x0055: 'MP3',
  0x00ff: 'AAC',
  0x1610: 'AAC',
  0x2000: 'AC-3',
  0x674f: 'Ogg Vorbis',
  0xf1ac: 'FLAC',
};

/** The fixed tail shared by all KSDATAFORMAT_SUBTYPE_* GUIDs; the first two bytes carry the format tag. */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

function hex4(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;
}

function fourcc(buf: Uint8Array, at: number): string {
  return String.fromCharCode(buf[at] ?? 0, buf[at + 1] ?? 0, buf[at + 2] ?? 0, buf[at + 3] ?? 0);
}

/** Guesses what a non-WAV file really is so the error message helps the user. */
function describeForeign(buf: Uint8Array): string {
  const b0 = buf[0] ?? 0;
  const b1 = buf[1] ?? 0;
  const magic = fourcc(buf, 0);
  if (magic.startsWith('ID3') || (b0 === 0xff && (b1 & 0xe0) === 0xe0)) return 'it looks like an MP3/MPEG audio file';
  if (magic === 'fLaC') return 'it looks like a FLAC file';
  if (magic === 'OggS') return 'it looks like an Ogg file';
  if (magic === 'FORM') return 'it looks like an AIFF file';
  if (fourcc(buf, 4) === 'ftyp') return 'it looks like an MP4/M4A file';
  const head = buf.subarray(0, Math.min(buf.length, 512));
  const printable = head.every((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127));
  if (printable) return 'it looks like a text file';
  return 'the RIFF/WAVE signature is missing';
}

interface FmtChunk {
  format: 'pcm' | 'float';
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
}

function parseFmt(view: DataView, at: number, size: number): FmtChunk {
  if (size < 16) throw new AudioDecodeError(`fmt chunk is too short (${size} bytes, need at least 16)`);
  let tag = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  let bits = view.getUint16(at + 14, true);

  if (tag === FORMAT_EXTENSIBLE) {
    if (size < 40) throw new AudioDecodeError(`WAVE_FORMAT_EXTENSIBLE fmt chunk is too short (${size} bytes, need 40)`);
    const guidAt = at + 24;
    const subTag = view.getUint16(guidAt, true);
    const tailOk = GUID_TAIL.every((b, i) => view.getUint8(guidAt + 2 + i) === b);
    if (!tailOk) throw new AudioDecodeError('unsupported WAVE_FORMAT_EXTENSIBLE sub-format (unknown GUID)');
    tag = subTag;
  }
  if (tag !== FORMAT_PCM && tag !== FORMAT_FLOAT) {
    const name = CODEC_NAMES[tag];
    throw new AudioDecodeError(
      `unsupported WAV codec: format tag ${hex4(tag)}${name ? ` (${name})` : ''}; only PCM and IEEE float are supported`,
    );
  }
  if (channels === 0) throw new AudioDecodeError('invalid fmt chunk: channel count is 0');
  if (sampleRate === 0) throw new AudioDecodeError('invalid fmt chunk: sample rate is 0');

  const format = tag === FORMAT_FLOAT ? 'float' : 'pcm';
  // The spec stores odd PCM depths (12, 20 bits) left-justified in whole bytes, so the container decodes them exactly.
  if (format === 'pcm' && bits > 0 && bits < 32 && bits % 8 !== 0) bits = Math.ceil(bits / 8) * 8;
  const okBits = format === 'pcm' ? [8, 16, 24, 32] : [32, 64];
  if (!okBits.includes(bits)) {
    throw new AudioDecodeError(
      `unsupported bit depth: ${bits}-bit ${format === 'pcm' ? 'PCM' : 'float'} (supported: ${okBits.join(', ')})`,
    );
  }
  const bytesPerSample = bits / 8;
  if (blockAlign !== channels * bytesPerSample) {
    throw new AudioDecodeError(
      `invalid fmt chunk: block align ${blockAlign} does not match ${channels} channels × ${bytesPerSample} bytes per sample`,
    );
  }
  return { format, channels, sampleRate, bitsPerSample: bits, blockAlign };
}

/**
 * Parses the RIFF/WAVE header only (fmt + data chunk location), walking past
 * any other chunks. Throws AudioDecodeError with a clear reason for anything wrong.
 */
export function parseWavHeader(buf: Uint8Array): WavInfo {
  if (buf.length === 0) throw new AudioDecodeError('file is empty (0 bytes)');
  const magic = fourcc(buf, 0);
  if (magic === 'RIFX') throw new AudioDecodeError('unsupported WAV variant: big-endian RIFX files are not supported');
  if (magic === 'RF64' || magic === 'BW64') {
    throw new AudioDecodeError(`unsupported WAV variant: ${magic} (64-bit WAV) files are not supported`);
  }
  if (buf.length < 12 || magic !== 'RIFF' || fourcc(buf, 8) !== 'WAVE') {
    if (magic === 'RIFF' && buf.length < 12) {
      throw new AudioDecodeError(`not a WAV file: only ${buf.length} bytes, too short for a RIFF/WAVE header`);
    }
    if (magic === 'RIFF') {
      throw new AudioDecodeError(`not a WAV file: RIFF form type is '${fourcc(buf, 8)}', expected 'WAVE'`);
    }
    throw new AudioDecodeError(`not a WAV file: ${describeForeign(buf)}`);
  }

  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let fmt: FmtChunk | undefined;
  let dataAt = -1;
  let dataDeclared = 0;
  let at = 12;
  // The RIFF size field is ignored on purpose: recorders often leave it 0 or stale; the file length is the truth.
  while (at + 8 <= buf.length) {
    const id = fourcc(buf, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (body + Math.min(size, 40) > buf.length) throw new AudioDecodeError('fmt chunk is truncated');
      if (!fmt) fmt = parseFmt(view, body, size);
    } else if (id === 'data' && dataAt < 0) {
      dataAt = body;
      dataDeclared = size;
      // Streaming writers leave the size unknown; such a data chunk runs to the end of the file.
      if (size === SIZE_UNKNOWN || size === 0) break;
    }
    if (body + size > buf.length) break;
    at = body + size + (size & 1);
  }

  if (!fmt) throw new AudioDecodeError('not a valid WAV file: missing fmt chunk');
  if (dataAt < 0) throw new AudioDecodeError('not a valid WAV file: missing data chunk');

  const present = buf.length - dataAt;
  let dataBytes = present;
  let truncated = false;
  if (dataDeclared !== SIZE_UNKNOWN && dataDeclared !== 0) {
    if (dataDeclared <= present) dataBytes = dataDeclared;
    else if (present >= dataDeclared * MIN_TRUNCATED_FRACTION) truncated = true;
    else throw new AudioDecodeError(`data chunk truncated: header says ${dataDeclared} bytes, file has ${present}`);
  }
  const frames = Math.floor(dataBytes / fmt.blockAlign);
  const info: WavInfo = {
    sampleRate: fmt.sampleRate,
    channels: fmt.channels,
    bitsPerSample: fmt.bitsPerSample,
    format: fmt.format,
    frames,
    durationSec: frames / fmt.sampleRate,
    dataOffset: dataAt,
    dataBytes: frames * fmt.blockAlign,
  };
  if (truncated) info.truncated = true;
  return info;
}

/** Decodes the whole file to float channels (see DecodedAudio for the value range). */
export function decodeWav(buf: Uint8Array): DecodedAudio {
  const info = parseWavHeader(buf);
  const { channels: nch, frames, format, bitsPerSample } = info;
  const view = new DataView(buf.buffer, buf.byteOffset + info.dataOffset, info.dataBytes);
  const out: Float32Array[] = [];
  for (let c = 0; c < nch; c++) out.push(new Float32Array(frames));
  const bps = bitsPerSample / 8;
  const stride = nch * bps;

  const abs = buf.byteOffset + info.dataOffset;
  if (LITTLE_ENDIAN_HOST && abs % bps === 0 && (bitsPerSample === 16 || (format === 'float' && bitsPerSample === 32))) {
    // Aligned data on a little-endian host can be read as a typed array directly: ~3x faster than DataView.
    const len = frames * nch;
    const src = bitsPerSample === 16 ? new Int16Array(buf.buffer, abs, len) : new Float32Array(buf.buffer, abs, len);
    const scale = bitsPerSample === 16 ? 1 / 32768 : 1;
    for (let c = 0; c < nch; c++) {
      const ch = out[c] as Float32Array;
      for (let i = 0, p = c; i < frames; i++, p += nch) {
        const v = (src[p] as number) * scale;
        ch[i] = v - v === 0 ? v : 0; // v - v is NaN for NaN and ±Infinity: a cheap isFinite
      }
    }
    return { sampleRate: info.sampleRate, channels: out };
  }

  // One tight loop per format keeps V8 monomorphic; a per-sample reader callback would be several times slower.
  for (let c = 0; c < nch; c++) {
    const ch = out[c] as Float32Array;
    let p = c * bps;
    if (format === 'float') {
      if (bitsPerSample === 32) {
        for (let i = 0; i < frames; i++, p += stride) {
          const v = view.getFloat32(p, true);
          ch[i] = Number.isFinite(v) ? v : 0;
        }
      } else {
        for (let i = 0; i < frames; i++, p += stride) {
          const v = view.getFloat64(p, true);
          ch[i] = Number.isFinite(v) ? v : 0;
        }
      }
    } else if (bitsPerSample === 16) {
      for (let i = 0; i < frames; i++, p += stride) ch[i] = view.getInt16(p, true) / 32768;
    } else if (bitsPerSample === 8) {
      for (let i = 0; i < frames; i++, p += stride) ch[i] = (view.getUint8(p) - 128) / 128;
    } else if (bitsPerSample === 24) {
      for (let i = 0; i < frames; i++, p += stride) {
        const v = view.getUint8(p) | (view.getUint8(p + 1) << 8) | (view.getInt8(p + 2) << 16);
        ch[i] = v / 8388608;
      }
    } else {
      for (let i = 0; i < frames; i++, p += stride) ch[i] = view.getInt32(p, true) / 2147483648;
    }
  }
  return { sampleRate: info.sampleRate, channels: out };
}

function validateForEncode(audio: DecodedAudio): number {
  const { sampleRate, channels } = audio;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0 || sampleRate > 0xffffffff) {
    throw new RangeError(`encodeWav: sample rate must be a positive integer, got ${sampleRate}`);
  }
  if (channels.length === 0 || channels.length > 0xffff) {
    throw new RangeError(`encodeWav: need 1..65535 channels, got ${channels.length}`);
  }
  const frames = channels[0]?.length ?? 0;
  if (channels.some((ch) => ch.length !== frames)) throw new RangeError('encodeWav: channels differ in length');
  return frames;
}

/**
 * Encodes float channels as a WAV file: 16-bit PCM by default, 32-bit float
 * with `{ bitsPerSample: 32 }` or `{ float: true }`, or 32-bit integer PCM with
 * `{ bitsPerSample: 32, float: false }`. Integer output rounds and clips to range.
 */
export function encodeWav(audio: DecodedAudio, opts: { bitsPerSample?: 16 | 32; float?: boolean } = {}): Uint8Array {
  const frames = validateForEncode(audio);
  const isFloat = opts.float ?? opts.bitsPerSample === 32;
  const bits = opts.bitsPerSample ?? (isFloat ? 32 : 16);
  if (bits !== 16 && bits !== 32) throw new RangeError(`encodeWav: bitsPerSample must be 16 or 32, got ${String(bits)}`);
  if (isFloat && bits !== 32) throw new RangeError('encodeWav: float output must be 32-bit');

  const nch = audio.channels.length;
  const bps = bits / 8;
  const blockAlign = nch * bps;
  const dataBytes = frames * blockAlign;
  // Non-PCM files carry cbSize and a fact chunk, as the WAVE spec asks and as sox/ffmpeg do.
  const fmtSize = isFloat ? 18 : 16;
  const factBytes = isFloat ? 12 : 0;
  const headerBytes = 12 + 8 + fmtSize + factBytes + 8;
  const total = headerBytes + dataBytes + (dataBytes & 1);
  if (total - 8 > 0xffffffff) throw new RangeError('encodeWav: audio too long for a RIFF file (over 4 GiB)');

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string): void => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, total - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, isFloat ? FORMAT_FLOAT : FORMAT_PCM, true);
  view.setUint16(22, nch, true);
  view.setUint32(24, audio.sampleRate, true);
  view.setUint32(28, audio.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bits, true);
  let at = 20 + fmtSize; // cbSize (if any) is already zero
  if (isFloat) {
    ascii(at, 'fact');
    view.setUint32(at + 4, 4, true);
    view.setUint32(at + 8, frames, true);
    at += 12;
  }
  ascii(at, 'data');
  view.setUint32(at + 4, dataBytes, true);
  at += 8;

  for (let c = 0; c < nch; c++) {
    const ch = audio.channels[c] as Float32Array;
    let p = at + c * bps;
    if (isFloat) {
      for (let i = 0; i < frames; i++, p += blockAlign) view.setFloat32(p, ch[i] as number, true);
    } else if (bits === 16) {
      for (let i = 0; i < frames; i++, p += blockAlign) {
        const v = Math.round((ch[i] as number) * 32768);
        // NaN fails both comparisons and would write as 0 anyway; clipping keeps +1.0 from wrapping to -32768.
        view.setInt16(p, v > 32767 ? 32767 : v < -32768 ? -32768 : v, true);
      }
    } else {
      for (let i = 0; i < frames; i++, p += blockAlign) {
        const v = Math.round((ch[i] as number) * 2147483648);
        view.setInt32(p, v > 2147483647 ? 2147483647 : v < -2147483648 ? -2147483648 : v, true);
      }
    }
  }
  return out;
}
