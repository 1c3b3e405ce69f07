/**
 * Decoders (and, for the project's fixtures, encoders) of the compressed DICOM transfer
 * syntaxes, through the cornerstone codecs: WebAssembly builds of CharLS (JPEG-LS), OpenJPEG
 * (JPEG 2000) and OpenJPH (High-Throughput JPEG 2000), maintained for OHIF / cornerstone3D;
 * and JPEG lossless (process 14) through jpeg-lossless-decoder-js (plain JavaScript, the
 * decoder cornerstone uses; its test files come from jpeg-lossless-encode.ts).
 *
 * Each codec is an emscripten module loaded on first use of its transfer syntax, by a dynamic
 * `import()` of its Node build (`dist/*wasm.js`, which reads the `.wasm` beside it from
 * node_modules: nothing is fetched), then `await Module()`. Once loaded, decoding a frame is
 * synchronous. {@link loadDicomDecoders} loads what a set of transfer syntaxes needs;
 * readDicomFile, scanDicomInput and readDicomSeries call it, so an uncompressed read (and
 * `rhenium --version`) loads no codec.
 */
/// <reference path="./codec-modules.d.ts" />
import { codestreamGeometry } from './codestream-geometry';
import { MAX_DECOMPRESSED_BYTES } from './defaults';
import { IoError } from './errors';
import { TRANSFER_SYNTAXES, type PixelEncoding } from './transfer-syntax';

/** The compressed pixel encodings decoded by a WebAssembly codec. */
export type CodecEncoding = 'jpeg-baseline' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000' | 'htj2k';

const CODEC_NAMES: Readonly<Record<CodecEncoding, string>> = {
  'jpeg-baseline': 'JPEG baseline / extended (8-bit: libjpeg-turbo, @cornerstonejs/codec-libjpeg-turbo-8bit; 12-bit: jpeg-dct-decode.ts)',
  'jpeg-lossless': 'JPEG lossless (jpeg-lossless-decoder-js)',
  'jpeg-ls': 'JPEG-LS (CharLS, @cornerstonejs/codec-charls)',
  jpeg2000: 'JPEG 2000 (OpenJPEG, @cornerstonejs/codec-openjpeg)',
  htj2k: 'HTJ2K (OpenJPH, @cornerstonejs/codec-openjph)',
};

interface FrameInfo {
  readonly width: number;
  readonly height: number;
  readonly bitsPerSample: number;
  readonly componentCount: number;
  readonly isSigned?: boolean;
}

interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): FrameInfo;
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

interface WasmEncoder {
  getDecodedBuffer(info: FrameInfo & { isUsingColorTransform?: boolean }): Uint8Array;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
  setNearLossless?(near: number): void;
  setQuality?(lossless: boolean, quantizationStep: number): void;
  setDecompositions?(n: number): void;
}

/**
 * jpeg-lossless-decoder-js's decoder (plain JavaScript; its frame facts are fields, xLoc/yLoc
 * where decoding stopped), as codec-modules.d.ts declares it.
 */
type LosslessDecoder = import('jpeg-lossless-decoder-js').Decoder;

interface CodecModule {
  readonly decoder: () => WasmDecoder;
  /** Set for JPEG lossless (jpeg-lossless-decoder-js), whose decoder is not a WebAssembly module. */
  readonly lossless?: () => LosslessDecoder;
  /** Set for JPEG baseline / extended: the 12-bit sequential DCT decoder (jpeg-dct-decode.ts). */
  readonly dct?: typeof import('./jpeg-dct-decode');
  readonly encoder: () => WasmEncoder;
  /** What the module printed (OpenJPEG and OpenJPH report errors by printing, not throwing). */
  readonly log: string[];
}

type EmscriptenFactory = (options: { print: (s: string) => void; printErr: (s: string) => void }) => Promise<Record<string, new () => unknown>>;

async function factoryOf(encoding: Exclude<CodecEncoding, 'jpeg-lossless'>): Promise<EmscriptenFactory> {
  // NOTE: literal specifiers (so the packages stay visible to bundlers and to the dependency
  // rule); the Node builds are CommonJS, whose module.exports is the default export.
  const mod: { default: unknown } =
    encoding === 'jpeg-baseline'
      ? await import('@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs')
      : encoding === 'jpeg-ls'
        ? await import('@cornerstonejs/codec-charls/wasmjs')
        : encoding === 'jpeg2000'
          ? await import('@cornerstonejs/codec-openjpeg/wasmjs')
          : await import('@cornerstonejs/codec-openjph/wasmjs');
  const f = (mod.default as { default?: unknown }).default ?? mod.default;
  return f as EmscriptenFactory;
}

const CLASSES: Readonly<Record<Exclude<CodecEncoding, 'jpeg-lossless'>, readonly [string, string]>> = {
  'jpeg-baseline': ['JPEGDecoder', 'JPEGEncoder'],
  'jpeg-ls': ['JpegLSDecoder', 'JpegLSEncoder'],
  jpeg2000: ['J2KDecoder', 'J2KEncoder'],
  htj2k: ['HTJ2KDecoder', 'HTJ2KEncoder'],
};

const loading = new Map<CodecEncoding, Promise<CodecModule>>();
const loaded = new Map<CodecEncoding, CodecModule>();

/** The codecs loaded so far (for tests of the lazy loading). */
export function loadedCodecs(): CodecEncoding[] {
  return [...loaded.keys()].sort();
}

function isCodecEncoding(e: PixelEncoding): e is CodecEncoding {
  return e === 'jpeg-baseline' || e === 'jpeg-lossless' || e === 'jpeg-ls' || e === 'jpeg2000' || e === 'htj2k';
}

/** Load (once) the WebAssembly codec of `encoding`. */
export function loadCodec(encoding: CodecEncoding): Promise<CodecModule> {
  let p = loading.get(encoding);
  if (!p) {
    p = (async () => {
      if (encoding === 'jpeg-lossless') {
        const { Decoder } = await import('jpeg-lossless-decoder-js');
        const mod: CodecModule = {
          decoder: () => {
            throw new Error('unreachable: JPEG lossless has no WebAssembly decoder');
          },
          encoder: () => {
            throw new Error('unreachable: JPEG lossless frames are encoded by jpeg-lossless-encode.ts');
          },
          lossless: () => new Decoder(),
          log: [],
        };
        loaded.set(encoding, mod);
        return mod;
      }
      const log: string[] = [];
      const keep = (s: string): void => {
        log.push(String(s));
        if (log.length > 64) log.shift();
      };
      const m = await (await factoryOf(encoding))({ print: keep, printErr: keep });
      const [D, E] = CLASSES[encoding];
      // 12-bit JPEG extended: libjpeg-turbo's build is 8-bit; the project's DCT decoder decodes 12-bit frames.
      const dct = encoding === 'jpeg-baseline' ? await import('./jpeg-dct-decode') : undefined;
      const mod: CodecModule = { decoder: () => new m[D]!() as WasmDecoder, encoder: () => new m[E]!() as WasmEncoder, log, ...(dct ? { dct } : {}) };
      loaded.set(encoding, mod);
      return mod;
    })();
    loading.set(encoding, p);
    p.catch(() => loading.delete(encoding));
  }
  return p;
}

/**
 * Load the decoders the given transfer syntaxes need (none for native, deflated and RLE
 * data): after it, decodeDicom / decodeDicomSeries decode those files synchronously.
 * @example await loadDicomDecoders(['1.2.840.10008.1.2.4.80']) // CharLS
 */
export async function loadDicomDecoders(transferSyntaxUids: Iterable<string>): Promise<void> {
  const need = new Set<CodecEncoding>();
  for (const uid of transferSyntaxUids) {
    const e = TRANSFER_SYNTAXES[uid]?.encoding;
    if (e && isCodecEncoding(e) && !loaded.has(e)) need.add(e);
  }
  await Promise.all([...need].map(loadCodec));
}

function describe(e: unknown): string {
  if (typeof e === 'number') return `codec exception ${e}`;
  if (e instanceof Error) return e.message;
  return String(e);
}

/** What decoding one frame must give. */
export interface FrameExpectation {
  readonly rows: number;
  readonly columns: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
}

/**
 * Decode one frame (its whole codestream) into native little-endian bytes of BitsAllocated
 * per pixel; the caller masks or sign-extends to BitsStored.
 */
export function decodeCodecFrame(encoding: CodecEncoding, uid: string, frame: Uint8Array, expect: FrameExpectation, file: string, index: number, frames: number): Uint8Array {
  const codec = loaded.get(encoding);
  const where = frames > 1 ? `frame ${index + 1} of ${frames}` : 'the frame';
  if (!codec) {
    throw new IoError(
      'RPERF_IO_UNSUPPORTED_TRANSFER_SYNTAX',
      file,
      `transfer syntax ${uid} needs the ${CODEC_NAMES[encoding]} decoder, loaded on first use: read the file with readDicomFile / readDicomSeries / scanDicomInput, or await loadDicomDecoders(['${uid}']) before decodeDicom`,
    );
  }
  const fail = (why: string): IoError =>
    new IoError('RPERF_IO_DECOMPRESS', file, `${where}: the ${CODEC_NAMES[encoding]} codestream (${frame.length} bytes) cannot be decoded: ${why}; the file is corrupt or truncated, re-export it from its source`);
  if (expect.bitsAllocated !== 8 && expect.bitsAllocated !== 16) {
    throw new IoError('RPERF_IO_UNSUPPORTED_DATATYPE', file, `${CODEC_NAMES[encoding]} frames with BitsAllocated ${expect.bitsAllocated} are not decoded (8 or 16)`);
  }
  // NOTE: before any decoder sees the frame: they allocate what the codestream declares.
  const declared = codestreamGeometry(frame);
  if (declared && (declared.rows !== expect.rows || declared.columns !== expect.columns)) {
    throw fail(`it holds ${declared.columns}x${declared.rows} pixels, the header declares ${expect.columns}x${expect.rows} (Columns x Rows)`);
  }
  if (codec.lossless) return decodeLossless(codec.lossless(), frame, expect, fail);
  if (codec.dct && declared?.precision === 12) return decodeDct(codec.dct, frame, expect, fail);
  codec.log.length = 0;
  let decoder: WasmDecoder | null = null;
  try {
    decoder = codec.decoder();
    // NOTE: the codecs clamp signed 8-bit output to 0..255 (and OpenJPH's irreversible path
    // loses signed 12-bit samples), so a signed codestream is decoded as unsigned — the sign
    // bit of Ssiz in the SIZ marker cleared, which makes the decoder undo the DC level shift
    // of 2^(B-1) that JPEG 2000 applies to unsigned samples — and shifted back below.
    const signedJ2k = encoding !== 'jpeg-ls' && frame.length > 42 && frame[0] === 0xff && frame[1] === 0x4f && frame[2] === 0xff && frame[3] === 0x51 && (frame[42]! & 0x80) !== 0;
    const input = decoder.getEncodedBuffer(frame.length);
    input.set(frame);
    if (signedJ2k) input[42] = input[42]! & 0x7f;
    decoder.decode();
    const info = decoder.getFrameInfo();
    const errors = codec.log.filter((l) => /error|fail/i.test(l));
    if (errors.length) throw fail(errors.join('; ').replace(/\s+/g, ' ').trim());
    if (info.width !== expect.columns || info.height !== expect.rows) {
      throw fail(`it holds ${info.width}x${info.height} pixels, the header declares ${expect.columns}x${expect.rows} (Columns x Rows)`);
    }
    if (info.componentCount !== 1) throw fail(`it holds ${info.componentCount} components, a grey-level frame has 1`);
    if (info.bitsPerSample > expect.bitsAllocated) throw fail(`its samples have ${info.bitsPerSample} bits, more than BitsAllocated ${expect.bitsAllocated}`);
    const out = decoder.getDecodedBuffer();
    const pixels = expect.rows * expect.columns;
    const width = expect.bitsAllocated / 8;
    // NOTE: copies made here, in this realm: the codec's views are of its WebAssembly memory
    // (freed by delete) and their constructors may be another realm's (e.g. under vitest).
    if (encoding !== 'jpeg-ls' && out.length === 2 * pixels && info.bitsPerSample < 16) {
      // Irreversible (lossy) reconstructions may overshoot the B-bit range by a little (4096
      // for 12 bits, or -1 stored as 65535): clamp, or masking to BitsStored would wrap them.
      const max = 2 ** info.bitsPerSample - 1;
      const u = new Uint16Array(pixels);
      new Uint8Array(u.buffer).set(out);
      for (let i = 0; i < pixels; i++) if (u[i]! > max) u[i] = u[i]! >= 0x8000 ? 0 : max;
      if (signedJ2k) for (let i = 0; i < pixels; i++) u[i] = (u[i]! - 2 ** (info.bitsPerSample - 1)) & 0xffff;
      return new Uint8Array(u.buffer);
    }
    if (signedJ2k) {
      const half = 2 ** (info.bitsPerSample - 1);
      if (out.length === pixels) for (let i = 0; i < pixels; i++) out[i] = (out[i]! - half) & 0xff;
      else if (out.length === 2 * pixels) {
        const u = new Uint16Array(pixels);
        new Uint8Array(u.buffer).set(out);
        for (let i = 0; i < pixels; i++) u[i] = (u[i]! - half) & 0xffff;
        return new Uint8Array(u.buffer);
      }
    }
    if (out.length === pixels * width) return new Uint8Array(out);
    if (out.length === pixels && width === 2) {
      const wide = new Uint8Array(pixels * 2);
      for (let i = 0; i < pixels; i++) wide[2 * i] = out[i]!;
      return wide;
    }
    throw fail(`it decodes to ${out.length} bytes, ${expect.rows}x${expect.columns} at ${expect.bitsAllocated} bits need ${pixels * width}`);
  } catch (e) {
    if (e instanceof IoError) throw e;
    const printed = codec.log.filter((l) => /error|fail/i.test(l)).join('; ');
    throw fail(`${describe(e)}${printed ? ` (${printed.replace(/\s+/g, ' ').trim()})` : ''}`);
  } finally {
    try {
      decoder?.delete();
    } catch {
      // a decoder whose decode threw may not delete cleanly; its memory goes with the module
    }
  }
}

/** A 12-bit sequential DCT frame (JPEG extended, process 4) through jpeg-dct-decode.ts. */
function decodeDct(dct: NonNullable<CodecModule['dct']>, frame: Uint8Array, expect: FrameExpectation, fail: (why: string) => IoError): Uint8Array {
  if (expect.bitsAllocated !== 16) throw fail(`its samples have 12 bits, more than BitsAllocated ${expect.bitsAllocated}`);
  let samples: Uint16Array;
  try {
    samples = dct.decodeJpegDctFrame(frame, expect.rows, expect.columns).samples;
  } catch (e) {
    throw fail(describe(e));
  }
  // A lossy reconstruction may overshoot a BitsStored below 12 (e.g. 1024 for 10 bits):
  // clamp, or masking to BitsStored would wrap it to 0.
  if (expect.bitsStored < 12) {
    const max = 2 ** expect.bitsStored - 1;
    for (let i = 0; i < samples.length; i++) if (samples[i]! > max) samples[i] = max;
  }
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}

/**
 * Refuse, before the output of a compressed image is allocated, frames whose decoded pixels
 * would pass {@link MAX_DECOMPRESSED_BYTES} (RPERF_IO_TOO_LARGE) or whose codestreams declare
 * another size than the header (RPERF_IO_DECOMPRESS): a header or a codestream declaring
 * 65535 x 65535 costs a one-line error, not an allocation of gigabytes.
 * @example checkCodecFrames(uid, frames, { rows: 512, columns: 512, bitsAllocated: 16, bitsStored: 12 }, 'a.dcm')
 */
export function checkCodecFrames(uid: string, frames: readonly Uint8Array[], expect: FrameExpectation, file: string): void {
  const bytes = frames.length * expect.rows * expect.columns * Math.ceil(expect.bitsAllocated / 8);
  if (bytes > MAX_DECOMPRESSED_BYTES) {
    throw new IoError(
      'RPERF_IO_TOO_LARGE',
      file,
      `the header declares ${frames.length} frame(s) of ${expect.columns}x${expect.rows} at ${expect.bitsAllocated} bits = ${bytes} bytes of pixels, more than the ${MAX_DECOMPRESSED_BYTES} a decoded image may take; nothing was decoded or allocated — split the series or crop the image`,
    );
  }
  frames.forEach((f, k) => {
    const g = codestreamGeometry(f);
    if (g && (g.rows !== expect.rows || g.columns !== expect.columns)) {
      const name = TRANSFER_SYNTAXES[uid]?.name ?? uid;
      throw new IoError(
        'RPERF_IO_DECOMPRESS',
        file,
        `${frames.length > 1 ? `frame ${k + 1} of ${frames.length}` : 'the frame'}: the ${name} codestream declares ${g.columns}x${g.rows} pixels, the header ${expect.columns}x${expect.rows} (Columns x Rows); nothing was decoded — the file is corrupt, re-export it from its source`,
      );
    }
  });
}

function decodeLossless(decoder: LosslessDecoder, frame: Uint8Array, expect: FrameExpectation, fail: (why: string) => IoError): Uint8Array {
  let out: Uint8Array | Uint16Array;
  const complete = (): boolean => decoder.yLoc >= decoder.yDim;
  try {
    // NOTE: a copy of its own buffer (frame may be a Node Buffer, whose slice() is a view).
    const copy = new Uint8Array(frame);
    out = decoder.decode(copy.buffer, 0, copy.length);
    if (!complete()) {
      // jpeg-lossless-decoder-js 2.1.2 drops the last pixel when the last Huffman code ends on
      // a byte boundary (it reads the EOI marker ahead and stops): decode again with one byte
      // of 1-bits (FF, stuffed: FF 00) before the EOI, the fill T.81 lets a stream end with.
      // Fill bytes (FF) an encoder put before the EOI marker (T.81 B.1.1.2; DCMTK does) are
      // dropped first: the decoder would read FF FF as a marker.
      let eoi = frame.length - 2;
      while (eoi > 0 && !(frame[eoi] === 0xff && frame[eoi + 1] === 0xd9)) eoi--;
      let end = eoi;
      while (end > 0 && frame[end - 1] === 0xff) end--;
      if (eoi > 0) {
        const tail = frame.subarray(eoi);
        const padded = new Uint8Array(end + 2 + tail.length);
        padded.set(frame.subarray(0, end));
        padded.set([0xff, 0x00], end);
        padded.set(tail, end + 2);
        out = decoder.decode(padded.buffer, 0, padded.length);
      }
    }
  } catch (e) {
    throw fail(describe(e));
  }
  if (out && decoder.xDim === expect.columns && decoder.yDim === expect.rows && !complete()) {
    throw fail(`its entropy-coded data ends after ${decoder.yLoc * decoder.xDim + decoder.xLoc} of ${expect.rows * expect.columns} pixels`);
  }
  if (!out || decoder.xDim !== expect.columns || decoder.yDim !== expect.rows) {
    throw fail(`it holds ${decoder.xDim}x${decoder.yDim} pixels, the header declares ${expect.columns}x${expect.rows} (Columns x Rows)`);
  }
  if (decoder.numComp !== 1) throw fail(`it holds ${decoder.numComp} components, a grey-level frame has 1`);
  if (decoder.precision > expect.bitsAllocated) throw fail(`its samples have ${decoder.precision} bits, more than BitsAllocated ${expect.bitsAllocated}`);
  const pixels = expect.rows * expect.columns;
  if (out.length !== pixels) throw fail(`it decodes to ${out.length} samples, the frame has ${pixels}`);
  if (expect.bitsAllocated === 8) {
    const b = new Uint8Array(pixels);
    for (let i = 0; i < pixels; i++) b[i] = out[i]! & 0xff;
    return b;
  }
  const w = new Uint16Array(pixels);
  w.set(out);
  return new Uint8Array(w.buffer);
}

/** How to encode frames for a fixture (see {@link encodeFrames}). */
export interface FrameEncodeOptions {
  readonly rows: number;
  readonly columns: number;
  /** Bits of each sample (BitsStored); values must fit (unsigned, or signed two's complement). */
  readonly bitsStored: number;
  /** JPEG-LS NEAR (0 = lossless; the default). */
  readonly nearLossless?: number;
  /** JPEG 2000 / HTJ2K: irreversible (lossy) coding with this quantization step (default lossless); JPEG extended 12-bit: the uniform DCT quantization step, an integer (default 1). */
  readonly quantizationStep?: number;
  /** JPEG baseline / extended 8-bit: libjpeg quality 1..100 (default 90). */
  readonly quality?: number;
  /** JPEG extended 12-bit (jpeg-dct-encode.ts): blocks between restart markers (default 0, none). */
  readonly restartInterval?: number;
  /** JPEG lossless (.57): the predictor, 1..7 (default 1; .70 is always 1). */
  readonly predictor?: number;
}

const syntaxEncoding = (uid: string): CodecEncoding => {
  const e = TRANSFER_SYNTAXES[uid]?.encoding;
  if (!e || !isCodecEncoding(e)) throw new IoError('RPERF_IO_UNSUPPORTED_TRANSFER_SYNTAX', '<encoder>', `transfer syntax ${uid} is not encoded here (JPEG lossless, JPEG-LS, JPEG 2000 or HTJ2K only)`);
  return e;
};

/**
 * Encode grey-level frames (frame after frame, column fastest) as the codestreams of a
 * compressed transfer syntax, with the same codec that decodes them: for the project's own
 * test files and benchmarks.
 * @example await encodeFrames('1.2.840.10008.1.2.4.80', new Int16Array(64 * 64), { rows: 64, columns: 64, bitsStored: 16 })
 */
export async function encodeFrames(uid: string, pixels: Int8Array | Uint8Array | Int16Array | Uint16Array, options: FrameEncodeOptions): Promise<Uint8Array[]> {
  const encoding = syntaxEncoding(uid);
  const { rows, columns, bitsStored } = options;
  const n = rows * columns;
  if (encoding === 'jpeg-lossless') {
    if ((options.nearLossless ?? 0) > 0 || options.quantizationStep !== undefined) throw new IoError('RPERF_IO_INVALID_VOLUME', '<encoder>', `transfer syntax ${uid} is lossless only: no NEAR or quantization step`);
    const { encodeJpegLosslessFrame } = await import('./jpeg-lossless-encode');
    const predictor = uid === '1.2.840.10008.1.2.4.70' ? 1 : (options.predictor ?? 1);
    return Array.from({ length: Math.floor(pixels.length / n) }, (_, f) => encodeJpegLosslessFrame(pixels.subarray(f * n, (f + 1) * n), rows, columns, bitsStored, predictor));
  }
  if (encoding === 'jpeg-baseline' && bitsStored > 8) {
    if (uid !== '1.2.840.10008.1.2.4.51' || bitsStored > 12) {
      throw new IoError('RPERF_IO_INVALID_VOLUME', '<encoder>', `transfer syntax ${uid} holds at most ${uid === '1.2.840.10008.1.2.4.51' ? 12 : 8}-bit samples, received BitsStored ${bitsStored} (12-bit lossy JPEG is JPEG Extended, 1.2.840.10008.1.2.4.51)`);
    }
    if (pixels.length % n !== 0) throw new IoError('RPERF_IO_INVALID_VOLUME', '<encoder>', `${pixels.length} pixel values are not whole frames of ${rows}x${columns}`);
    const { encodeJpegDctFrame } = await import('./jpeg-dct-encode');
    const step = options.quantizationStep ?? 1;
    // The stored bits (two's complement for signed data) are coded, as unsigned samples of 12 bits.
    const mask = 2 ** bitsStored - 1;
    const stored = (f: number): Uint16Array => Uint16Array.from(pixels.subarray(f * n, (f + 1) * n), (v) => v & mask);
    return Array.from({ length: pixels.length / n }, (_, f) => encodeJpegDctFrame(stored(f), rows, columns, 12, { quantizationStep: step, restartInterval: options.restartInterval ?? 0 }));
  }
  const codec = await loadCodec(encoding);
  const signed = pixels instanceof Int8Array || pixels instanceof Int16Array;
  const width = pixels.BYTES_PER_ELEMENT;
  if (pixels.length % n !== 0) throw new IoError('RPERF_IO_INVALID_VOLUME', '<encoder>', `${pixels.length} pixel values are not whole frames of ${rows}x${columns}`);
  const lossy = (options.nearLossless ?? 0) > 0 || options.quantizationStep !== undefined;
  if (lossy && (uid === '1.2.840.10008.1.2.4.80' || uid === '1.2.840.10008.1.2.4.90' || uid === '1.2.840.10008.1.2.4.201' || uid === '1.2.840.10008.1.2.4.202')) {
    throw new IoError('RPERF_IO_INVALID_VOLUME', '<encoder>', `transfer syntax ${uid} is lossless only: no NEAR or quantization step`);
  }
  const out: Uint8Array[] = [];
  for (let f = 0; f < pixels.length / n; f++) {
    const enc = codec.encoder();
    try {
      // JPEG-LS has no signed samples: DICOM stores the two's complement bits (BitsStored wide).
      const jls = encoding === 'jpeg-ls';
      // NOTE: signed samples are coded the way JPEG 2000 defines them, not through the encoders'
      // signed input (OpenJPEG's reads 8-bit samples as unsigned and clamps; OpenJPH's
      // irreversible path loses signed 8- and 12-bit samples): JPEG 2000 codes unsigned samples
      // DC-level shifted by 2^(B-1), so u = s + 2^(B-1) coded unsigned gives the coefficients of
      // s coded signed; encode u, then set the sign bit of Ssiz in the SIZ marker (byte 42).
      const shifted = (encoding === 'jpeg2000' || encoding === 'htj2k') && signed;
      const buf = enc.getDecodedBuffer({ width: columns, height: rows, bitsPerSample: bitsStored, componentCount: 1, isSigned: false, isUsingColorTransform: false });
      const frame = pixels.subarray(f * n, (f + 1) * n);
      if (buf.length !== n * width) throw new IoError('RPERF_IO_INVALID_VOLUME', '<encoder>', `${CODEC_NAMES[encoding]} asks ${buf.length} bytes for a ${rows}x${columns} frame of ${width}-byte samples`);
      const bytes = new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
      if (shifted) {
        const half = 2 ** (bitsStored - 1);
        const u = width === 1 ? new Uint8Array(n) : new Uint16Array(n);
        for (let i = 0; i < n; i++) u[i] = frame[i]! + half;
        buf.set(new Uint8Array(u.buffer));
      } else if (jls && signed && bitsStored < width * 8) {
        const mask = (1 << bitsStored) - 1;
        const masked = width === 1 ? new Uint8Array(n) : new Uint16Array(n);
        for (let i = 0; i < n; i++) masked[i] = frame[i]! & mask;
        buf.set(new Uint8Array(masked.buffer));
      } else buf.set(bytes);
      if (jls) enc.setNearLossless?.(options.nearLossless ?? 0);
      else if (encoding === 'jpeg-baseline') (enc as unknown as { setQuality(q: number): void }).setQuality(options.quality ?? 90);
      else {
        const small = Math.min(rows, columns);
        enc.setDecompositions?.(Math.max(0, Math.min(5, Math.floor(Math.log2(small)) - 3)));
        if (options.quantizationStep !== undefined) enc.setQuality?.(false, options.quantizationStep);
      }
      codec.log.length = 0;
      enc.encode();
      const cs = new Uint8Array(enc.getEncodedBuffer());
      if (shifted && cs[2] === 0xff && cs[3] === 0x51) cs[42] = cs[42]! | 0x80;
      if (cs.length === 0) throw new IoError('RPERF_IO_INVALID_VOLUME', '<encoder>', `${CODEC_NAMES[encoding]} encoded nothing: ${codec.log.join('; ')}`);
      out.push(cs);
    } catch (e) {
      if (e instanceof IoError) throw e;
      throw new IoError('RPERF_IO_INVALID_VOLUME', '<encoder>', `${CODEC_NAMES[encoding]} cannot encode frame ${f + 1}: ${describe(e)} ${codec.log.join('; ')}`.trim());
    } finally {
      enc.delete();
    }
  }
  return out;
}
