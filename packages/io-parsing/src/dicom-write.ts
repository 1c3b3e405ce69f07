/**
 * A minimal DICOM Part 10 writer (Explicit VR Little Endian): the project's own DICOM test
 * files — single slices, series, multi-frame files with or without the enhanced functional
 * groups, colour images and Segmentation objects — so that no third-party image is committed.
 *
 * It writes what the reader needs and what the tests vary, not a complete IOD: the 128-byte
 * preamble and "DICM", the file meta group (0002), then the data set sorted by tag, every
 * element with a defined length (sequences and items too), values padded to even lengths
 * (UI with NUL, other strings with a space).
 */
import { IoError } from './errors';

/** Value representations the writer encodes. */
export type DicomVr = 'AE' | 'AS' | 'CS' | 'DA' | 'DS' | 'IS' | 'LO' | 'LT' | 'PN' | 'SH' | 'ST' | 'TM' | 'UI' | 'UT' | 'US' | 'SS' | 'UL' | 'SL' | 'FL' | 'FD' | 'OB' | 'OW' | 'SQ';

/** One data element: tag as a number (`0x00280010`), VR, and its value. */
export interface DicomElement {
  readonly tag: number;
  readonly vr: DicomVr;
  /**
   * Strings (several values joined by `\`), numbers (DS, IS, US, SS, UL, SL, FL, FD: one or
   * an array), bytes (OB, OW), or items (SQ: each item a list of elements).
   */
  readonly value: string | number | readonly number[] | Uint8Array | readonly (readonly DicomElement[])[] | EncapsulatedPixels;
}

/**
 * Encapsulated pixel data (PS3.5 A.4) for Pixel Data (7FE0,0010), OB of undefined length: a
 * Basic Offset Table item (empty when `offsetTable` is false), each frame's fragments as items
 * (FFFE,E000), then a sequence delimiter (FFFE,E0DD).
 */
export interface EncapsulatedPixels {
  /** Each frame's codestream, whole or split into fragments (each padded to an even length). */
  readonly frames: readonly (Uint8Array | readonly Uint8Array[])[];
  /** Write the frames' offsets in the Basic Offset Table (default true). */
  readonly offsetTable?: boolean;
}

const isEncapsulated = (v: DicomElement['value']): v is EncapsulatedPixels => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && 'frames' in v;

/** SOP classes the writer names by default. */
export const DICOM_SOP_CLASSES = Object.freeze({
  CT: '1.2.840.10008.5.1.4.1.1.2',
  MR: '1.2.840.10008.5.1.4.1.1.4',
  ENHANCED_CT: '1.2.840.10008.5.1.4.1.1.2.1',
  ENHANCED_MR: '1.2.840.10008.5.1.4.1.1.4.1',
  SECONDARY_CAPTURE: '1.2.840.10008.5.1.4.1.1.7',
  SEGMENTATION: '1.2.840.10008.5.1.4.1.1.66.4',
} as const);

/** Explicit VR Little Endian, the transfer syntax written. */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** Implementation Class UID written in the file meta group (a 2.25 UUID-derived root). */
const IMPLEMENTATION_CLASS_UID = '2.25.186526931342063862155823839441652946301';

const LONG_LENGTH_VRS = new Set<DicomVr>(['OB', 'OW', 'SQ', 'UT']);
const NUMBER_WIDTH: Partial<Record<DicomVr, number>> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8 };

/** A decimal string (DS) of at most 16 characters. */
function decimalString(v: number): string {
  if (!Number.isFinite(v)) throw new IoError('RPERF_IO_INVALID_VOLUME', '<dicom writer>', `a DS value must be finite, received ${v}`);
  let s = String(v);
  for (let p = 15; s.length > 16 && p > 0; p--) s = String(Number(v.toPrecision(p)));
  return s;
}

function valueBytes(el: DicomElement): Uint8Array {
  const { vr, value } = el;
  if (vr === 'SQ' || isEncapsulated(value)) throw new Error('unreachable: sequences and encapsulated pixel data are encoded by encodeElement');
  if (value instanceof Uint8Array) {
    const padded = new Uint8Array(value.length + (value.length % 2));
    padded.set(value);
    return padded;
  }
  const width = NUMBER_WIDTH[vr];
  if (width) {
    const nums = typeof value === 'number' ? [value] : (value as readonly number[]);
    const out = new Uint8Array(nums.length * width);
    const dv = new DataView(out.buffer);
    nums.forEach((n, i) => {
      if (vr === 'US') dv.setUint16(i * 2, n, true);
      else if (vr === 'SS') dv.setInt16(i * 2, n, true);
      else if (vr === 'UL') dv.setUint32(i * 4, n, true);
      else if (vr === 'SL') dv.setInt32(i * 4, n, true);
      else if (vr === 'FL') dv.setFloat32(i * 4, n, true);
      else dv.setFloat64(i * 8, n, true);
    });
    return out;
  }
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    const nums = typeof value === 'number' ? [value] : (value as readonly number[]);
    text = nums.map((n) => (vr === 'DS' ? decimalString(n) : String(Math.round(n)))).join('\\');
  }
  const bytes = new TextEncoder().encode(text);
  const out = new Uint8Array(bytes.length + (bytes.length % 2));
  out.set(bytes);
  if (bytes.length % 2) out[bytes.length] = vr === 'UI' ? 0 : 0x20;
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function tagHeader(tag: number, vr: DicomVr | null, length: number): Uint8Array {
  const long = vr === null || LONG_LENGTH_VRS.has(vr);
  const out = new Uint8Array(vr === null ? 8 : long ? 12 : 8);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, tag >>> 16, true);
  dv.setUint16(2, tag & 0xffff, true);
  if (vr === null) {
    dv.setUint32(4, length, true);
    return out;
  }
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  if (long) dv.setUint32(8, length, true);
  else {
    if (length > 0xffff) throw new IoError('RPERF_IO_INVALID_VOLUME', '<dicom writer>', `element (${(tag >>> 16).toString(16)},${(tag & 0xffff).toString(16)}) ${vr} is ${length} bytes, more than its 16-bit length`);
    dv.setUint16(6, length, true);
  }
  return out;
}

/** The bytes of one element (explicit VR little endian), sequences with defined lengths. */
function encodeElement(el: DicomElement): Uint8Array {
  if (isEncapsulated(el.value)) {
    const pad = (b: Uint8Array): Uint8Array => {
      if (b.length % 2 === 0) return b;
      const out = new Uint8Array(b.length + 1);
      out.set(b);
      return out;
    };
    const frames = el.value.frames.map((f) => (ArrayBuffer.isView(f) ? [f as Uint8Array] : (f as readonly Uint8Array[])).map(pad));
    const offsets: number[] = [];
    let at = 0;
    for (const f of frames) {
      offsets.push(at);
      at += f.reduce((a, b) => a + 8 + b.length, 0);
    }
    const table = new Uint8Array(el.value.offsetTable === false ? 0 : 4 * offsets.length);
    const dv = new DataView(table.buffer);
    if (table.length) offsets.forEach((o, k) => dv.setUint32(4 * k, o, true));
    return concat([
      tagHeader(el.tag, 'OB', 0xffffffff),
      tagHeader(0xfffee000, null, table.length),
      table,
      ...frames.flat().flatMap((b) => [tagHeader(0xfffee000, null, b.length), b]),
      tagHeader(0xfffee0dd, null, 0),
    ]);
  }
  if (el.vr === 'SQ') {
    const items = (el.value as readonly (readonly DicomElement[])[]).map((item) => {
      const body = encodeElements(item);
      return concat([tagHeader(0xfffee000, null, body.length), body]);
    });
    const body = concat(items);
    return concat([tagHeader(el.tag, 'SQ', body.length), body]);
  }
  const v = valueBytes(el);
  return concat([tagHeader(el.tag, el.vr, v.length), v]);
}

function encodeElements(elements: readonly DicomElement[]): Uint8Array {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  return concat(sorted.map(encodeElement));
}

/**
 * A DICOM Part 10 file (Explicit VR Little Endian) holding `elements`; the file meta group is
 * made from SOPClassUID (0008,0016) and SOPInstanceUID (0008,0018) among them.
 * `transferSyntaxUid` only relabels the file meta group (the data set is still written explicit
 * VR little endian, as every compressed transfer syntax wants it): with native pixel data, for
 * tests of what is refused before the pixel data is read; with {@link EncapsulatedPixels}, a
 * compressed file (JPEG-LS, JPEG 2000, ... : the codestreams of {@link encodeFrames}).
 * @example encodeDicomFile([{ tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.4' }, ...])
 */
export function encodeDicomFile(elements: readonly DicomElement[], options: { readonly transferSyntaxUid?: string } = {}): Uint8Array {
  const str = (tag: number): string => {
    const v = elements.find((e) => e.tag === tag)?.value;
    return typeof v === 'string' ? v : '';
  };
  const meta = encodeElements([
    { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    { tag: 0x00020002, vr: 'UI', value: str(0x00080016) },
    { tag: 0x00020003, vr: 'UI', value: str(0x00080018) },
    { tag: 0x00020010, vr: 'UI', value: options.transferSyntaxUid ?? EXPLICIT_VR_LITTLE_ENDIAN },
    { tag: 0x00020012, vr: 'UI', value: IMPLEMENTATION_CLASS_UID },
  ]);
  const groupLength = encodeElement({ tag: 0x00020000, vr: 'UL', value: meta.length });
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([preamble, groupLength, meta, encodeElements(elements.filter((e) => e.tag >>> 16 !== 0x0002))]);
}

type Vec3 = readonly [number, number, number];

/** An image to write with {@link encodeDicomImage}. */
export interface DicomImageSpec {
  readonly rows: number;
  readonly columns: number;
  /** Number of frames (default 1); more than 1 writes NumberOfFrames. */
  readonly frames?: number;
  /**
   * Stored values, frame after frame, column fastest (interleaved samples for colour). The
   * array type gives BitsAllocated and PixelRepresentation; a Uint8Array with
   * `bitsAllocated: 1` is written as it is (packed bits, e.g. a Segmentation).
   */
  readonly pixels: Int8Array | Uint8Array | Int16Array | Uint16Array;
  readonly bitsAllocated?: 1 | 8 | 16;
  /** Default: BitsAllocated. */
  readonly bitsStored?: number;
  readonly samplesPerPixel?: 1 | 3;
  /** Default MONOCHROME2 (RGB with 3 samples). */
  readonly photometricInterpretation?: string;
  /** Default from the modality: CT Image, MR Image, else Secondary Capture. */
  readonly sopClassUid?: string;
  /** Default `<seriesInstanceUid>.<instanceNumber>`. */
  readonly sopInstanceUid?: string;
  /** Default `<seriesInstanceUid>.0`'s parent study `2.25.1`. */
  readonly studyInstanceUid?: string;
  readonly seriesInstanceUid: string;
  readonly seriesDescription?: string;
  /** Modality (0008,0060), e.g. MR, CT. */
  readonly modality?: string;
  readonly instanceNumber?: number;
  /** ImagePositionPatient (LPS mm) at the top level. */
  readonly imagePositionPatient?: Vec3;
  /** Row then column direction (LPS) at the top level. */
  readonly imageOrientationPatient?: readonly [number, number, number, number, number, number];
  /** [between rows, between columns] in mm, at the top level. */
  readonly pixelSpacingMm?: readonly [number, number];
  readonly sliceThicknessMm?: number;
  readonly spacingBetweenSlicesMm?: number;
  readonly rescaleSlope?: number;
  readonly rescaleIntercept?: number;
  /**
   * Enhanced multi-frame geometry: when given (one position per frame), the position of each
   * frame goes to the PerFrameFunctionalGroupsSequence (PlanePositionSequence), and the
   * orientation, pixel spacing, slice thickness and rescale to the
   * SharedFunctionalGroupsSequence — not at the top level, as in Enhanced CT/MR files.
   */
  readonly framePositionsPatient?: readonly Vec3[];
  /** More elements (they replace a default element of the same tag). */
  readonly extra?: readonly DicomElement[];
  /** Transfer syntax named in the file meta group (see {@link encodeDicomFile}); default Explicit VR Little Endian. */
  readonly transferSyntaxUid?: string;
  /**
   * Compressed pixel data written instead of `pixels` (which still give the size, BitsAllocated
   * and PixelRepresentation): one codestream per frame, encapsulated; set `transferSyntaxUid`.
   */
  readonly encapsulated?: EncapsulatedPixels;
}

/**
 * One DICOM image (a slice, a multi-frame stack, a colour picture or a Segmentation) as a
 * Part 10 file, Explicit VR Little Endian.
 * @example writeFileSync('s1.dcm', encodeDicomImage({ rows: 4, columns: 4, pixels: new Int16Array(16), seriesInstanceUid: '2.25.7', modality: 'CT' }))
 */
export function encodeDicomImage(spec: DicomImageSpec): Uint8Array {
  const frames = spec.frames ?? 1;
  const spp = spec.samplesPerPixel ?? 1;
  const px = spec.pixels;
  const bitsAllocated = spec.bitsAllocated ?? px.BYTES_PER_ELEMENT * 8;
  const signed = px instanceof Int8Array || px instanceof Int16Array;
  const expected = bitsAllocated === 1 ? Math.ceil((spec.rows * spec.columns * frames) / 8) : spec.rows * spec.columns * frames * spp;
  if (spec.encapsulated && spec.encapsulated.frames.length !== frames) {
    throw new IoError('RPERF_IO_INVALID_VOLUME', '<dicom writer>', `${spec.encapsulated.frames.length} encapsulated frames for NumberOfFrames ${frames}`);
  }
  if (px.length !== expected) {
    throw new IoError('RPERF_IO_INVALID_VOLUME', '<dicom writer>', `${px.length} pixel values for ${frames} frame(s) of ${spec.rows}x${spec.columns}x${spp} samples at ${bitsAllocated} bits, expected ${expected}`);
  }
  const modality = spec.modality ?? 'OT';
  const instance = spec.instanceNumber ?? 1;
  const sopClass = spec.sopClassUid ?? (modality === 'CT' ? DICOM_SOP_CLASSES.CT : modality === 'MR' ? DICOM_SOP_CLASSES.MR : DICOM_SOP_CLASSES.SECONDARY_CAPTURE);
  const enhanced = spec.framePositionsPatient !== undefined;
  if (enhanced && spec.framePositionsPatient!.length !== frames) {
    throw new IoError('RPERF_IO_INVALID_VOLUME', '<dicom writer>', `${spec.framePositionsPatient!.length} frame positions for ${frames} frames`);
  }
  const els: DicomElement[] = [
    { tag: 0x00080016, vr: 'UI', value: sopClass },
    { tag: 0x00080018, vr: 'UI', value: spec.sopInstanceUid ?? `${spec.seriesInstanceUid}.${instance}` },
    { tag: 0x00080060, vr: 'CS', value: modality },
    { tag: 0x0020000d, vr: 'UI', value: spec.studyInstanceUid ?? '2.25.1' },
    { tag: 0x0020000e, vr: 'UI', value: spec.seriesInstanceUid },
    { tag: 0x00200013, vr: 'IS', value: instance },
    { tag: 0x00280002, vr: 'US', value: spp },
    { tag: 0x00280004, vr: 'CS', value: spec.photometricInterpretation ?? (spp === 3 ? 'RGB' : 'MONOCHROME2') },
    { tag: 0x00280010, vr: 'US', value: spec.rows },
    { tag: 0x00280011, vr: 'US', value: spec.columns },
    { tag: 0x00280100, vr: 'US', value: bitsAllocated },
    { tag: 0x00280101, vr: 'US', value: spec.bitsStored ?? bitsAllocated },
    { tag: 0x00280102, vr: 'US', value: (spec.bitsStored ?? bitsAllocated) - 1 },
    { tag: 0x00280103, vr: 'US', value: signed ? 1 : 0 },
    spec.encapsulated
      ? { tag: 0x7fe00010, vr: 'OB', value: spec.encapsulated }
      : { tag: 0x7fe00010, vr: bitsAllocated > 8 ? 'OW' : 'OB', value: new Uint8Array(px.buffer, px.byteOffset, px.byteLength) },
  ];
  if (spp === 3) els.push({ tag: 0x00280006, vr: 'US', value: 0 });
  if (spec.seriesDescription !== undefined) els.push({ tag: 0x0008103e, vr: 'LO', value: spec.seriesDescription });
  if (frames > 1 || enhanced) els.push({ tag: 0x00280008, vr: 'IS', value: frames });
  // Geometry: at the top level, or in the functional groups of an enhanced multi-frame file.
  const orientation: DicomElement[] = spec.imageOrientationPatient ? [{ tag: 0x00200037, vr: 'DS', value: spec.imageOrientationPatient }] : [];
  const measures: DicomElement[] = [
    ...(spec.pixelSpacingMm ? [{ tag: 0x00280030, vr: 'DS', value: spec.pixelSpacingMm } as const] : []),
    ...(spec.sliceThicknessMm !== undefined ? [{ tag: 0x00180050, vr: 'DS', value: spec.sliceThicknessMm } as const] : []),
    ...(spec.spacingBetweenSlicesMm !== undefined ? [{ tag: 0x00180088, vr: 'DS', value: spec.spacingBetweenSlicesMm } as const] : []),
  ];
  const rescale: DicomElement[] =
    spec.rescaleSlope !== undefined || spec.rescaleIntercept !== undefined
      ? [
          { tag: 0x00281052, vr: 'DS', value: spec.rescaleIntercept ?? 0 },
          { tag: 0x00281053, vr: 'DS', value: spec.rescaleSlope ?? 1 },
        ]
      : [];
  if (enhanced) {
    const shared: DicomElement[] = [];
    if (orientation.length) shared.push({ tag: 0x00209116, vr: 'SQ', value: [orientation] });
    if (measures.length) shared.push({ tag: 0x00289110, vr: 'SQ', value: [measures] });
    if (rescale.length) shared.push({ tag: 0x00289145, vr: 'SQ', value: [rescale] });
    els.push({ tag: 0x52009229, vr: 'SQ', value: [shared] });
    els.push({
      tag: 0x52009230,
      vr: 'SQ',
      value: spec.framePositionsPatient!.map((p) => [{ tag: 0x00209113, vr: 'SQ', value: [[{ tag: 0x00200032, vr: 'DS', value: p }]] } as DicomElement]),
    });
  } else {
    els.push(...orientation, ...measures, ...rescale);
    if (spec.imagePositionPatient) els.push({ tag: 0x00200032, vr: 'DS', value: spec.imagePositionPatient });
  }
  const extraTags = new Set((spec.extra ?? []).map((e) => e.tag));
  return encodeDicomFile([...els.filter((e) => !extraTags.has(e.tag)), ...(spec.extra ?? [])], spec.transferSyntaxUid ? { transferSyntaxUid: spec.transferSyntaxUid } : {});
}
