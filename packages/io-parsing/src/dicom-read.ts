/**
 * One DICOM Part 10 file -> its geometry and stored pixel values.
 *
 * Parsing is dicom-parser's (implicit/explicit VR little endian, explicit big endian, and
 * deflated through the inflater given here: node:zlib inflateRaw). Pixel data is decoded
 * here: native (byte-swapped for big endian, masked or sign-extended to BitsStored) or RLE;
 * JPEG baseline/extended (8- and 12-bit), JPEG lossless, JPEG-LS, JPEG 2000 and HTJ2K frames
 * by the codecs of codecs.ts (loaded on first use: readDicomFile loads them, decodeDicom needs
 * them loaded by loadDicomDecoders). MPEG and JPEG 2000 Part 2 fail with
 * RPERF_IO_UNSUPPORTED_TRANSFER_SYNTAX naming the syntax. Whatever dicom-parser throws (strings, objects) becomes a typed IoError.
 */
import { createRequire } from 'node:module';
import { inflateRawSync } from 'node:zlib';
import type * as DicomParserNs from 'dicom-parser';
import { copyElements } from './bytes';
import { checkCodecFrames, decodeCodecFrame, loadDicomDecoders, type CodecEncoding } from './codecs';
import { DICOM_PIXEL_DATA_TAG, MAX_DECOMPRESSED_BYTES } from './defaults';
import { IoError } from './errors';
import { isDicomPart10 } from './image-input';
import { readWholeFile } from './read-file';
import { decodeRleFrame } from './rle';
import { TRANSFER_SYNTAXES } from './transfer-syntax';
import type { DicomHeader, DicomImage, DicomImageInfo } from './types';

// NOTE: dicom-parser is a UMD bundle; Node's ESM loader exposes only its default export, so
// it is loaded through require, which works the same from sources, tests and the tsup build.
const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParserNs;

type DataSet = DicomParserNs.DataSet;

function describe(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'exception' in e) return describe((e as { exception: unknown }).exception);
  return String(e);
}

function parse(bytes: Uint8Array, file: string): DataSet {
  if (!isDicomPart10(bytes)) {
    throw new IoError(
      'RPERF_IO_BAD_MAGIC',
      file,
      bytes.length < 132 ? `${bytes.length} bytes is too short for a DICOM Part 10 file (128-byte preamble + "DICM")` : 'no "DICM" prefix at byte 128: not a DICOM Part 10 file',
    );
  }
  try {
    return dicomParser.parseDicom(bytes, {
      untilTag: DICOM_PIXEL_DATA_TAG,
      inflater: (arr: Uint8Array, position: number) => {
        let inflated: Uint8Array;
        try {
          inflated = inflateRawSync(arr.subarray(position), { maxOutputLength: MAX_DECOMPRESSED_BYTES });
        } catch (e) {
          throw new IoError('RPERF_IO_DECOMPRESS', file, `deflated data set cannot be inflated: ${describe(e)}`);
        }
        const full = new Uint8Array(position + inflated.length);
        full.set(arr.subarray(0, position), 0);
        full.set(inflated, position);
        return full;
      },
    } as DicomParserNs.ParseDicomOptions);
  } catch (e) {
    const inner = e && typeof e === 'object' && 'exception' in e ? (e as { exception: unknown }).exception : e;
    if (inner instanceof IoError) throw inner;
    const msg = describe(inner);
    if (/past end|overread|beyond|end of buffer|buffer overrun/i.test(msg)) {
      throw new IoError('RPERF_IO_TRUNCATED', file, `data set ends early: ${msg}`);
    }
    throw new IoError('RPERF_IO_MALFORMED', file, `DICOM data set cannot be parsed: ${msg}`);
  }
}

function floats(ds: DataSet | undefined, tag: string, n: number): number[] | null {
  if (!ds?.elements[tag]) return null;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = ds.floatString(tag, i);
    if (v === undefined || !Number.isFinite(v)) return null;
    out.push(v);
  }
  return out;
}

function num(ds: DataSet | undefined, tag: string): number | null {
  const v = ds?.elements[tag] ? ds.floatString(tag) : undefined;
  return v !== undefined && Number.isFinite(v) ? v : null;
}

/** The data set of item `index` of the sequence `tag`, if there is one. */
function item(ds: DataSet | undefined, tag: string, index = 0): DataSet | undefined {
  return ds?.elements[tag]?.items?.[index]?.dataSet;
}

const text = (ds: DataSet | undefined, tag: string): string | null => ds?.string(tag)?.trim() || null;

/** The SOP class of DICOM Segmentation objects (Segmentation Storage). */
export const SEGMENTATION_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.66.4';

/** Photometric interpretations of colour images (PS3.3 C.7.6.3.1.2), refused as volumes. */
const COLOUR_PHOTOMETRIC = /^(RGB|YBR_.*|PALETTE COLOR|HSV|ARGB|CMYK)$/;

/**
 * What a file is, read from its header without decoding a pixel and without refusing
 * anything: enough to group the files of a folder into series and to list them.
 */
function headerOf(ds: DataSet, file: string): DicomHeader {
  const n = (tag: string): number => {
    const v = ds.elements[tag] ? ds.uint16(tag) : undefined;
    return v !== undefined && Number.isFinite(v) ? v : 0;
  };
  const framesRaw = ds.elements['x00280008'] ? ds.intString('x00280008') : 1;
  return {
    file,
    transferSyntaxUid: text(ds, 'x00020010') ?? '',
    sopClassUid: text(ds, 'x00080016') ?? text(ds, 'x00020002'),
    sopInstanceUid: text(ds, 'x00080018'),
    seriesInstanceUid: text(ds, 'x0020000e'),
    seriesDescription: text(ds, 'x0008103e'),
    modality: text(ds, 'x00080060'),
    rows: n('x00280010'),
    columns: n('x00280011'),
    frames: framesRaw !== undefined && Number.isInteger(framesRaw) && framesRaw > 0 ? framesRaw : 1,
    samplesPerPixel: ds.elements['x00280002'] ? n('x00280002') : 1,
    photometricInterpretation: text(ds, 'x00280004'),
    referencedSeriesInstanceUid: text(item(ds, 'x00081115'), 'x0020000e'),
  };
}

/**
 * Why a file cannot be read as (part of) a grey-level volume — a Segmentation object, a
 * colour image — or null. Checked before the transfer syntax and the pixel format, so a
 * JPEG-compressed colour image is refused as colour.
 */
export function volumeRefusal(header: DicomHeader): { code: 'RPERF_IO_SEGMENTATION_OBJECT' | 'RPERF_IO_COLOUR_IMAGE'; message: string } | null {
  if (header.sopClassUid === SEGMENTATION_SOP_CLASS_UID) {
    return {
      code: 'RPERF_IO_SEGMENTATION_OBJECT',
      message: `is a DICOM Segmentation object (SOP class ${SEGMENTATION_SOP_CLASS_UID}, Segmentation Storage): its frames are label masks of another series, not an image volume; read the image series it segments instead${header.referencedSeriesInstanceUid ? ` (SeriesInstanceUID ${header.referencedSeriesInstanceUid})` : ''}`,
    };
  }
  const pi = header.photometricInterpretation ?? 'MONOCHROME2';
  if (header.samplesPerPixel !== 1 || COLOUR_PHOTOMETRIC.test(pi)) {
    return {
      code: 'RPERF_IO_COLOUR_IMAGE',
      message: `is a colour image (SamplesPerPixel ${header.samplesPerPixel}, PhotometricInterpretation ${pi}): volumes are read from grey-level images only (MONOCHROME1/MONOCHROME2); choose a greyscale series, or convert the image to grey levels first`,
    };
  }
  return null;
}

function readInfo(ds: DataSet, header: DicomHeader, file: string): DicomImageInfo {
  const { rows, columns, frames } = header;
  if (!(rows > 0 && columns > 0)) throw new IoError('RPERF_IO_MALFORMED', file, `Rows (0028,0010) and Columns (0028,0011) must be positive, found ${rows} x ${columns}`);
  if (ds.elements['x00280008']) {
    const framesRaw = ds.intString('x00280008');
    if (framesRaw !== undefined && Number.isFinite(framesRaw) && !(Number.isInteger(framesRaw) && framesRaw >= 1)) {
      throw new IoError('RPERF_IO_MALFORMED', file, `NumberOfFrames (0028,0008) must be a positive integer, found ${framesRaw}`);
    }
  }
  const bitsAllocated = ds.uint16('x00280100') ?? 0;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  const pr = ds.uint16('x00280103') ?? 0;
  const photometric = header.photometricInterpretation ?? 'MONOCHROME2';
  if (!photometric.startsWith('MONOCHROME')) {
    throw new IoError('RPERF_IO_UNSUPPORTED_DATATYPE', file, `PhotometricInterpretation ${photometric} is not read as a volume; only MONOCHROME1/2 grey levels`);
  }
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) {
    throw new IoError('RPERF_IO_UNSUPPORTED_DATATYPE', file, `BitsAllocated ${bitsAllocated} is not supported (8, 16 or 32)`);
  }
  if (pr !== 0 && pr !== 1) throw new IoError('RPERF_IO_MALFORMED', file, `PixelRepresentation must be 0 or 1, found ${pr}`);
  if (!(bitsStored >= 1 && bitsStored <= bitsAllocated)) {
    throw new IoError('RPERF_IO_MALFORMED', file, `BitsStored ${bitsStored} must be 1..BitsAllocated (${bitsAllocated})`);
  }
  // NOTE: values are read from the low BitsStored bits; a HighBit elsewhere (allowed by old
  // editions of PS3.5 for native data, never for compressed) would be misread, so it is refused.
  const highBit = ds.elements['x00280102'] ? ds.uint16('x00280102') : undefined;
  if (highBit !== undefined && highBit !== bitsStored - 1) {
    throw new IoError('RPERF_IO_UNSUPPORTED_DATATYPE', file, `HighBit ${highBit} with BitsStored ${bitsStored}: only pixel values in the low bits (HighBit = BitsStored - 1, as PS3.5 8.1.1 requires) are read; convert the file (e.g. dcmconv, gdcmconv --raw)`);
  }
  // Enhanced multi-frame files (Enhanced CT/MR, PS3.3 C.7.6.16) keep the geometry and the
  // rescale in functional group macros: shared by every frame (5200,9229) or per frame
  // (5200,9230). The top level wins; then the shared group, then the first frame's.
  const shared = item(ds, 'x52009229');
  const perFrame = ds.elements['x52009230']?.items;
  const frame0 = perFrame?.[0]?.dataSet;
  const fromGroups = <T>(seq: string, read: (d: DataSet) => T | null): T | null => {
    for (const g of [shared, frame0]) {
      const d = item(g, seq);
      const v = d ? read(d) : null;
      if (v !== null) return v;
    }
    return null;
  };
  const ipp = floats(ds, 'x00200032', 3) ?? fromGroups('x00209113', (d) => floats(d, 'x00200032', 3));
  const iop = floats(ds, 'x00200037', 6) ?? fromGroups('x00209116', (d) => floats(d, 'x00200037', 6));
  const ps = floats(ds, 'x00280030', 2) ?? fromGroups('x00289110', (d) => floats(d, 'x00280030', 2));
  const thickness = num(ds, 'x00180050') ?? fromGroups('x00289110', (d) => num(d, 'x00180050'));
  const between = num(ds, 'x00180088') ?? fromGroups('x00289110', (d) => num(d, 'x00180088'));
  const rescale =
    num(ds, 'x00281053') !== null || num(ds, 'x00281052') !== null
      ? { slope: num(ds, 'x00281053'), inter: num(ds, 'x00281052') }
      : (fromGroups('x00289145', (d) => (num(d, 'x00281053') !== null || num(d, 'x00281052') !== null ? { slope: num(d, 'x00281053'), inter: num(d, 'x00281052') } : null)) ?? { slope: null, inter: null });
  let framePositions: [number, number, number][] | null = null;
  if (frames > 1 && perFrame && perFrame.length === frames) {
    const list = perFrame.map((it) => floats(item(it.dataSet, 'x00209113'), 'x00200032', 3));
    if (list.every((p) => p !== null)) framePositions = list as [number, number, number][];
  }
  const instance = ds.elements['x00200013'] ? ds.intString('x00200013') : undefined;
  return {
    file,
    transferSyntaxUid: header.transferSyntaxUid,
    sopClassUid: header.sopClassUid,
    seriesInstanceUid: header.seriesInstanceUid,
    seriesDescription: header.seriesDescription,
    sopInstanceUid: header.sopInstanceUid,
    modality: header.modality,
    rows,
    columns,
    frames,
    bitsAllocated,
    bitsStored,
    pixelRepresentation: pr as 0 | 1,
    photometricInterpretation: photometric,
    imagePositionPatient: ipp ? (ipp as [number, number, number]) : null,
    imageOrientationPatient: iop ? (iop as [number, number, number, number, number, number]) : null,
    pixelSpacingMm: ps && ps[0]! > 0 && ps[1]! > 0 ? (ps as [number, number]) : null,
    sliceThicknessMm: thickness,
    spacingBetweenSlicesMm: between,
    rescaleSlope: rescale.slope !== null && rescale.slope !== 0 ? rescale.slope : 1,
    rescaleIntercept: rescale.inter ?? 0,
    instanceNumber: instance !== undefined && Number.isFinite(instance) ? instance : null,
    framePositionsPatient: framePositions,
  };
}

type PixelArray = DicomImage['pixels'];

type PixelCtor = { new (n: number): PixelArray; readonly BYTES_PER_ELEMENT: number };

function ctorFor(bits: number, signed: boolean): PixelCtor {
  if (bits === 8) return signed ? Int8Array : Uint8Array;
  if (bits === 16) return signed ? Int16Array : Uint16Array;
  return signed ? Int32Array : Uint32Array;
}

/** Mask (unsigned) or sign-extend (signed) values to BitsStored when fewer bits are stored. */
function fixStoredBits(px: PixelArray, bitsStored: number, bitsAllocated: number, signed: boolean): void {
  if (bitsStored >= bitsAllocated) return;
  const shift = 32 - bitsStored;
  if (signed) {
    for (let i = 0; i < px.length; i++) px[i] = (px[i]! << shift) >> shift;
  } else {
    const mask = bitsStored === 32 ? 0xffffffff : (1 << bitsStored) - 1;
    for (let i = 0; i < px.length; i++) px[i] = px[i]! & mask;
  }
}

/** Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table and the fragments. */
interface Encapsulated {
  /** Offsets of the frames' first fragments, from the first byte of the first fragment's item (empty when the table is). */
  readonly offsets: readonly number[];
  readonly fragments: readonly Uint8Array[];
  /** Offset of each fragment's item from the first fragment's item, as the table counts. */
  readonly positions: readonly number[];
}

/**
 * The fragments of encapsulated pixel data (PS3.5 A.4), read here because dicom-parser stops
 * at the Pixel Data tag (untilTag) before walking them: items (FFFE,E000) with a 32-bit length,
 * the first being the basic offset table, ended by a sequence delimiter (FFFE,E0DD) or the
 * end of the file.
 */
function encapsulatedFragments(bytes: Uint8Array, start: number, file: string): Encapsulated {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fragments: Uint8Array[] = [];
  const positions: number[] = [];
  let offsets: number[] = [];
  let p = start;
  let first = true;
  let firstFragment = -1;
  while (p + 8 <= bytes.length) {
    const group = dv.getUint16(p, true);
    const element = dv.getUint16(p + 2, true);
    const len = dv.getUint32(p + 4, true);
    if (group !== 0xfffe) throw new IoError('RPERF_IO_MALFORMED', file, `encapsulated pixel data: expected an item tag (FFFE,E000) at byte ${p}, found (${group.toString(16)},${element.toString(16)})`);
    if (element === 0xe0dd) break;
    if (element !== 0xe000) throw new IoError('RPERF_IO_MALFORMED', file, `encapsulated pixel data: unexpected tag (FFFE,${element.toString(16)}) at byte ${p}`);
    if (p + 8 + len > bytes.length) {
      throw new IoError('RPERF_IO_TRUNCATED', file, `pixel data fragment at byte ${p} claims ${len} bytes, the file has ${bytes.length - p - 8} left`);
    }
    if (first) {
      if (len % 4 === 0) offsets = Array.from({ length: len / 4 }, (_, k) => dv.getUint32(p + 8 + 4 * k, true));
    } else {
      if (firstFragment < 0) firstFragment = p;
      positions.push(p - firstFragment);
      fragments.push(bytes.subarray(p + 8, p + 8 + len));
    }
    first = false;
    p += 8 + len;
  }
  if (fragments.length === 0) throw new IoError('RPERF_IO_TRUNCATED', file, 'encapsulated pixel data ends before its first fragment');
  return { offsets, fragments, positions };
}

function joinFragments(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Does a fragment open a frame's codestream (JPEG SOI FFD8 for JPEG and JPEG-LS, SOC+SIZ FF4F FF51 for JPEG 2000 / HTJ2K)? */
function opensCodestream(f: Uint8Array): boolean {
  return f.length >= 2 && f[0] === 0xff && (f[1] === 0xd8 || (f[1] === 0x4f && f[2] === 0xff && f[3] === 0x51));
}

/**
 * The frames of encapsulated pixel data, each joined from its fragments: one fragment per
 * frame; else the Basic Offset Table's frame starts; else (a single frame) every fragment;
 * else, for JPEG-family codestreams, a new frame at each fragment that opens a codestream.
 */
function framesOf(bytes: Uint8Array, start: number, frames: number, file: string, syntaxName: string, markers: boolean): Uint8Array[] {
  const { offsets, fragments, positions } = encapsulatedFragments(bytes, start, file);
  if (frames === fragments.length) return [...fragments];
  if (frames === 1) return [joinFragments(fragments)];
  if (offsets.length === frames) {
    const starts = offsets.map((o) => positions.indexOf(o));
    if (starts.every((s, k) => s >= 0 && (k === 0 ? s === 0 : s > starts[k - 1]!))) {
      return starts.map((s, k) => joinFragments(fragments.slice(s, k + 1 < starts.length ? starts[k + 1] : fragments.length)));
    }
    throw new IoError('RPERF_IO_MALFORMED', file, `the Basic Offset Table's ${frames} frame offsets (${offsets.slice(0, 4).join(', ')}${frames > 4 ? ', ...' : ''}) do not point at pixel data fragments`);
  }
  if (markers && fragments.length > frames && opensCodestream(fragments[0]!)) {
    const groups: Uint8Array[][] = [];
    for (const f of fragments) {
      if (opensCodestream(f) || groups.length === 0) groups.push([f]);
      else groups[groups.length - 1]!.push(f);
    }
    if (groups.length === frames) return groups.map(joinFragments);
  }
  throw new IoError(
    'RPERF_IO_MALFORMED',
    file,
    `${frames} frames in ${fragments.length} ${syntaxName} fragments${offsets.length ? ` and ${offsets.length} Basic Offset Table entries` : ' and no Basic Offset Table'}: the frames cannot be told apart`,
  );
}

/** A file parsed up to its pixel data: the data set and the header facts. */
export interface ParsedDicom {
  readonly file: string;
  readonly dataSet: DataSet;
  readonly header: DicomHeader;
}

/** Turn whatever reading a parsed data set throws into a typed IoError. */
function typed<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof IoError) throw e;
    const msg = describe(e);
    if (/past end|overread|beyond|end of buffer/i.test(msg)) throw new IoError('RPERF_IO_TRUNCATED', file, `an element ends past the end of the file: ${msg}`);
    throw new IoError('RPERF_IO_MALFORMED', file, `DICOM element cannot be read: ${msg}`);
  }
}

/**
 * Parse a DICOM Part 10 file up to its pixel data (checks the 128-byte preamble + "DICM").
 * @example parseDicomFile(bytes, 'a.dcm').header.seriesInstanceUid
 */
export function parseDicomFile(bytes: Uint8Array, file = '<buffer>'): ParsedDicom {
  const dataSet = parse(bytes, file);
  return { file, dataSet, header: typed(file, () => headerOf(dataSet, file)) };
}

/**
 * The header facts of a DICOM file (identity, series, size, colour), without decoding a
 * pixel or refusing anything: what grouping a folder into series and listing it needs.
 * @example readDicomHeader(bytes, 'a.dcm').seriesInstanceUid
 */
export function readDicomHeader(bytes: Uint8Array, file = '<buffer>'): DicomHeader {
  return parseDicomFile(bytes, file).header;
}

/**
 * Decode a DICOM Part 10 file held in memory.
 * @example decodeDicom(readFileSync('brain_001.dcm'), 'brain_001.dcm').info.rows // 256
 */
export function decodeDicom(bytes: Uint8Array, file = '<buffer>'): DicomImage {
  return decodeParsedDicom(parseDicomFile(bytes, file));
}

/**
 * Decode the pixels of a parsed file: refuses Segmentation objects and colour images
 * (typed errors, one line), then an unsupported transfer syntax, then reads geometry and pixels.
 */
export function decodeParsedDicom(parsed: ParsedDicom): DicomImage {
  const { dataSet: ds, header, file } = parsed;
  const refusal = volumeRefusal(header);
  if (refusal) throw new IoError(refusal.code, file, refusal.message);
  try {
    const uid = header.transferSyntaxUid;
    const syntax = TRANSFER_SYNTAXES[uid];
    if (!syntax || syntax.encoding === 'unsupported') {
      throw new IoError(
        'RPERF_IO_UNSUPPORTED_TRANSFER_SYNTAX',
        file,
        `transfer syntax ${uid || '(missing)'}${syntax ? ` (${syntax.name})` : ' (unknown)'} has no decoder here; convert the file to Explicit VR Little Endian (e.g. dcmdjpeg, gdcmconv --raw)`,
      );
    }
    const info = readInfo(ds, header, file);
    const el = ds.elements[DICOM_PIXEL_DATA_TAG];
    if (!el) throw new IoError('RPERF_IO_TRUNCATED', file, 'no Pixel Data element (7FE0,0010): the file ends before its pixels or is not an image');
    const signed = info.pixelRepresentation === 1;
    const ctor = ctorFor(info.bitsAllocated, signed);
    const perFrame = info.rows * info.columns;
    const count = perFrame * info.frames;
    let pixels: PixelArray;
    if (syntax.encoding === 'rle') {
      const frames = framesOf(ds.byteArray, el.dataOffset, info.frames, file, 'RLE', false);
      // PackBits expands at most 64x (2 bytes -> 128): refuse before allocating what a
      // corrupt Rows/Columns would ask for.
      const compressed = frames.reduce((a, f) => a + f.length, 0);
      if (count * ctor.BYTES_PER_ELEMENT > 64 * compressed + 64 * frames.length) {
        throw new IoError('RPERF_IO_TRUNCATED', file, `${compressed} bytes of RLE data cannot hold ${info.frames} frame(s) of ${info.rows}x${info.columns} at ${info.bitsAllocated} bits`);
      }
      pixels = new ctor(count);
      const view = new Uint8Array(pixels.buffer);
      frames.forEach((f, k) => view.set(decodeRleFrame(f, info.rows, info.columns, info.bitsAllocated, 1, file), k * perFrame * ctor.BYTES_PER_ELEMENT));
    } else if (syntax.encoding === 'jpeg-baseline' || syntax.encoding === 'jpeg-lossless' || syntax.encoding === 'jpeg-ls' || syntax.encoding === 'jpeg2000' || syntax.encoding === 'htj2k') {
      const frames = framesOf(ds.byteArray, el.dataOffset, info.frames, file, syntax.name, true);
      const expect = { rows: info.rows, columns: info.columns, bitsAllocated: info.bitsAllocated, bitsStored: info.bitsStored };
      checkCodecFrames(uid, frames, expect, file);
      pixels = new ctor(count);
      const view = new Uint8Array(pixels.buffer);
      frames.forEach((f, k) => view.set(decodeCodecFrame(syntax.encoding as CodecEncoding, uid, f, expect, file, k, frames.length), k * perFrame * ctor.BYTES_PER_ELEMENT));
    } else {
      if (el.encapsulatedPixelData || el.length === 0xffffffff) throw new IoError('RPERF_IO_MALFORMED', file, `pixel data is encapsulated but transfer syntax ${syntax.name} is native`);
      const nbytes = count * ctor.BYTES_PER_ELEMENT;
      const available = Math.min(el.length, ds.byteArray.length - el.dataOffset);
      if (nbytes > available) {
        throw new IoError(
          'RPERF_IO_TRUNCATED',
          file,
          `pixel data has ${Math.max(0, available)} bytes, ${info.frames} frame(s) of ${info.rows}x${info.columns} at ${info.bitsAllocated} bits need ${nbytes}`,
        );
      }
      pixels = copyElements<PixelArray>(ctor, ds.byteArray, el.dataOffset, count, syntax.littleEndian);
    }
    fixStoredBits(pixels, info.bitsStored, info.bitsAllocated, signed);
    return { info, pixels };
  } catch (e) {
    if (e instanceof IoError) throw e;
    const msg = describe(e);
    if (/past end|overread|beyond|end of buffer/i.test(msg)) throw new IoError('RPERF_IO_TRUNCATED', file, `an element ends past the end of the file: ${msg}`);
    throw new IoError('RPERF_IO_MALFORMED', file, `DICOM element cannot be read: ${msg}`);
  }
}

/** Read and decode one DICOM file. */
export async function readDicomFile(path: string): Promise<DicomImage> {
  const parsed = parseDicomFile(await readWholeFile(path), path);
  await loadDicomDecoders([parsed.header.transferSyntaxUid]);
  return decodeParsedDicom(parsed);
}
