/**
 * A phantom series as DICOM files, for the PACS benchmarks and tests: the fixtures' seeded
 * synthetic CT (int16 HU) written slice by slice by this package's writer, uncompressed or
 * compressed by this package's encoders (RLE, JPEG lossless, JPEG-LS, JPEG 2000, HTJ2K). No
 * third-party image is involved.
 */
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { encodeFrames } from '../codecs';
import { encodeDicomImage, EXPLICIT_VR_LITTLE_ENDIAN } from '../dicom-write';
import { encodeRleFrame } from '../rle';
import { TRANSFER_SYNTAXES } from '../transfer-syntax';

/** What to write. */
export interface PhantomSeriesSpec {
  /** [slices, rows, columns]. */
  readonly shape: readonly [number, number, number];
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  /** Default Explicit VR Little Endian. */
  readonly transferSyntaxUid?: string;
  /** JPEG-LS near-lossless (.81): NEAR. */
  readonly nearLossless?: number;
  /** Lossy JPEG 2000 / HTJ2K (.91, .203): the quantization step. */
  readonly quantizationStep?: number;
  /** Fixture seed (default the fixtures' own). */
  readonly seed?: number;
  /** Slice gap, mm (default 2.5). */
  readonly sliceStepMm?: number;
}

/** A phantom series: its files (in slice order) and the volume they hold. */
export interface PhantomSeries {
  readonly files: Uint8Array[];
  /** The stored values, slice after slice (int16 HU, no rescale). */
  readonly pixels: Int16Array;
  readonly shape: readonly [number, number, number];
  readonly sliceStepMm: number;
  readonly pixelSpacingMm: readonly [number, number];
}

/** The slice step and pixel spacing of {@link phantomSeries}'s files for `spec`, mm. */
export function phantomGeometry(spec: Pick<PhantomSeriesSpec, 'sliceStepMm'>): { sliceStepMm: number; pixelSpacingMm: readonly [number, number] } {
  return { sliceStepMm: spec.sliceStepMm ?? 2.5, pixelSpacingMm: [0.8, 0.8] };
}

/**
 * Encode the fixtures' synthetic CT of `shape` as one DICOM file per slice.
 * `pixels`: the phantom when the caller already has it (`syntheticVolume('CT', shape, seed)`'s
 * data, e.g. shared between processes: it takes seconds to make at 64 x 256 x 256); its length
 * is checked, its values are trusted.
 * @example (await phantomSeries({ shape: [8, 64, 64], studyInstanceUid: '2.25.1', seriesInstanceUid: '2.25.2' })).files.length // 8
 */
export async function phantomSeries(spec: PhantomSeriesSpec, pixels?: Int16Array): Promise<PhantomSeries> {
  const [nz, ny, nx] = spec.shape;
  if (pixels && pixels.length !== nz * ny * nx) throw new RangeError(`phantomSeries: ${pixels.length} pixels given for the shape ${nz}x${ny}x${nx}`);
  pixels ??= syntheticVolume('CT', [nz, ny, nx], spec.seed).image.data as Int16Array;
  const ts = spec.transferSyntaxUid ?? EXPLICIT_VR_LITTLE_ENDIAN;
  const encoding = TRANSFER_SYNTAXES[ts]?.encoding ?? 'unsupported';
  const { sliceStepMm: step, pixelSpacingMm } = phantomGeometry(spec);
  const n = ny * nx;
  const files: Uint8Array[] = [];
  for (let k = 0; k < nz; k++) {
    const slice = pixels.subarray(k * n, (k + 1) * n);
    let frames: Uint8Array[] | null = null;
    if (encoding === 'rle') frames = [encodeRleFrame(new Uint8Array(slice.buffer, slice.byteOffset, slice.byteLength), n, 2)];
    else if (encoding !== 'native') {
      frames = await encodeFrames(ts, slice, {
        rows: ny,
        columns: nx,
        bitsStored: 16,
        ...(spec.nearLossless !== undefined ? { nearLossless: spec.nearLossless } : {}),
        ...(spec.quantizationStep !== undefined ? { quantizationStep: spec.quantizationStep } : {}),
      });
    }
    files.push(
      encodeDicomImage({
        rows: ny,
        columns: nx,
        pixels: slice,
        modality: 'CT',
        studyInstanceUid: spec.studyInstanceUid,
        seriesInstanceUid: spec.seriesInstanceUid,
        seriesDescription: 'rhenium-perf phantom',
        instanceNumber: k + 1,
        imagePositionPatient: [0, 0, k * step],
        imageOrientationPatient: [1, 0, 0, 0, 1, 0],
        pixelSpacingMm,
        sliceThicknessMm: step,
        ...(ts !== EXPLICIT_VR_LITTLE_ENDIAN ? { transferSyntaxUid: ts } : {}),
        ...(frames ? { encapsulated: { frames } } : {}),
      }),
    );
  }
  return { files, pixels, shape: [nz, ny, nx], sliceStepMm: step, pixelSpacingMm };
}

/**
 * Largest absolute difference between a decoded volume's values and the phantom's (0 for a
 * lossless route), or Infinity when their lengths differ.
 */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d > m) m = d;
  }
  return m;
}

/**
 * Files in one byte array (to share an encoded series between processes, e.g. as a run
 * fixture): a uint32 LE count, the count's uint32 LE lengths, then the files back to back.
 * @example unpackFiles(packFiles([a, b])) // [a', b'] equal to a and b
 */
export function packFiles(files: readonly Uint8Array[]): Uint8Array {
  const head = 4 * (1 + files.length);
  const out = new Uint8Array(head + files.reduce((a, f) => a + f.length, 0));
  const dv = new DataView(out.buffer);
  dv.setUint32(0, files.length, true);
  let at = head;
  files.forEach((f, k) => {
    dv.setUint32(4 * (k + 1), f.length, true);
    out.set(f, at);
    at += f.length;
  });
  return out;
}

/** The files of {@link packFiles} (views into `packed`); throws a RangeError when it is not one. */
export function unpackFiles(packed: Uint8Array): Uint8Array[] {
  const dv = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const bad = (why: string): never => {
    throw new RangeError(`not a packed file list: ${why}`);
  };
  if (packed.length < 4) bad('shorter than its count');
  const n = dv.getUint32(0, true);
  if (4 * (1 + n) > packed.length) bad(`${n} lengths do not fit in ${packed.length} bytes`);
  const files: Uint8Array[] = [];
  let at = 4 * (1 + n);
  for (let k = 0; k < n; k++) {
    const len = dv.getUint32(4 * (k + 1), true);
    if (at + len > packed.length) bad(`file ${k + 1} of ${n} (${len} bytes) runs past the end`);
    files.push(packed.subarray(at, at + len));
    at += len;
  }
  if (at !== packed.length) bad(`${packed.length - at} bytes after the last file`);
  return files;
}
