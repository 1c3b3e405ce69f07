/**
 * What `rhenium info` shows about an image: the facts `fslinfo` / `nib-ls` print, read with
 * io-parsing (NIfTI-1/2 files, DICOM series folders).
 */
import { open } from 'node:fs/promises';
import type { VolumeArray } from '@rhenium-perf/fixtures';
import { DEFAULT_MAX_NIFTI_VOXELS, NIFTI_DATATYPES, isGzip, readDicomSeries, readNifti } from '@rhenium-perf/io-parsing';
import { maxVoxelsFromEnv } from './limits';
import { checkInput } from './paths';

/** Facts about one image. Axis-keyed fields use x, y, z (NIfTI's i, j, k) to avoid order mistakes. */
export interface ImageInfo {
  readonly path: string;
  /** `nifti1`, `nifti2` or `dicom-series`. */
  readonly format: 'nifti1' | 'nifti2' | 'dicom-series';
  readonly gzip: boolean;
  /** Voxel element type: `int16`, `float32`, `complex64`... */
  readonly datatype: string;
  /** Voxels along each axis; `t` is the product of the 4th..7th dimensions (frames, coils). */
  readonly size: { readonly x: number; readonly y: number; readonly z: number; readonly t: number };
  /** Voxel spacing in mm (column norms of the affine). */
  readonly spacingMm: { readonly x: number; readonly y: number; readonly z: number };
  /** 4x4 row-major voxel (i, j, k, 1) -> RAS+ mm. */
  readonly affine: readonly number[];
  /** Which header fields gave the affine (`sform`, `qform`, `pixdim`; `dicom` for a series). */
  readonly affineSource: string;
  /** MRI, CT, US, XR, or null when the file does not say (NIfTI). */
  readonly modality: string | null;
  /** Smallest and largest voxel value (magnitude for complex data) after scaling; NaNs skipped. */
  readonly range: { readonly min: number; readonly max: number };
  /** Voxels that are NaN or infinite. */
  readonly nonFinite: number;
  /** NIfTI intent code and description; DICOM series: slices and SeriesInstanceUID. */
  readonly extra: Readonly<Record<string, string | number | null>>;
}

function range(data: VolumeArray, complex: boolean): { min: number; max: number; nonFinite: number } {
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  const step = complex ? 2 : 1;
  for (let i = 0; i < data.length; i += step) {
    const v = complex ? Math.hypot(data[i]!, data[i + 1]!) : data[i]!;
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max, nonFinite } : { min: NaN, max: NaN, nonFinite };
}

const ELEMENT_NAMES: ReadonlyArray<[Function, string]> = [
  [Uint8Array, 'uint8'],
  [Int8Array, 'int8'],
  [Uint16Array, 'uint16'],
  [Int16Array, 'int16'],
  [Uint32Array, 'uint32'],
  [Int32Array, 'int32'],
  [Float32Array, 'float32'],
  [Float64Array, 'float64'],
];
const elementName = (a: VolumeArray): string => ELEMENT_NAMES.find(([c]) => a instanceof c)?.[1] ?? 'unknown';

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const magic = new Uint8Array(2);
    const { bytesRead } = await fh.read(magic, 0, 2, 0);
    return isGzip(magic.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/**
 * Describe a NIfTI file or a DICOM series folder.
 * @example (await describeImage('t1.nii.gz')).size // { x: 256, y: 256, z: 20, t: 1 }
 */
export async function describeImage(path: string): Promise<ImageInfo> {
  const maxVoxels = maxVoxelsFromEnv() ?? DEFAULT_MAX_NIFTI_VOXELS;
  const kind = checkInput(path, 'input');
  if (kind === 'folder') {
    const series = await readDicomSeries(path);
    const v = series.volume;
    const r = range(v.data, false);
    return {
      path,
      format: 'dicom-series',
      gzip: false,
      datatype: elementName(v.data),
      size: { x: v.shape[2], y: v.shape[1], z: v.shape[0], t: 1 },
      spacingMm: { x: v.spacingMm[2], y: v.spacingMm[1], z: v.spacingMm[0] },
      affine: [...v.affine],
      affineSource: 'dicom',
      modality: v.modality,
      range: { min: r.min, max: r.max },
      nonFinite: r.nonFinite,
      extra: { slices: series.files.length, series_instance_uid: series.seriesInstanceUid, warnings: series.warnings.join('; ') || null },
    };
  }
  // NOTE: readNifti checks the file size and the header's dimensions before reading or
  // inflating the voxels; only the gzip magic is read here.
  const img = await readNifti(path, { maxVoxels });
  const gzip = await startsWithGzipMagic(path);
  const h = img.header;
  const r = range(img.data, img.components === 2);
  const dt = NIFTI_DATATYPES[h.datatype]!;
  // NOTE: the datatype stored in the file, not the decoded array's (scl_slope may widen it).
  return {
    path,
    format: h.version === 1 ? 'nifti1' : 'nifti2',
    gzip,
    datatype: dt.name,
    size: { x: img.shape[2], y: img.shape[1], z: img.shape[0], t: img.frames },
    spacingMm: { x: img.spacingMm[2], y: img.spacingMm[1], z: img.spacingMm[0] },
    affine: [...img.affine],
    affineSource: img.affineSource,
    modality: null,
    range: { min: r.min, max: r.max },
    nonFinite: r.nonFinite,
    extra: {
      intent_code: h.intentCode,
      descrip: h.descrip || null,
      scl_slope: Number.isFinite(h.sclSlope) ? h.sclSlope : null,
      scl_inter: Number.isFinite(h.sclInter) ? h.sclInter : null,
      qform_code: h.qformCode,
      sform_code: h.sformCode,
    },
  };
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString());

/** The text form of {@link describeImage}: one `key value` line per fact, like fslinfo. */
export function formatImageInfo(info: ImageInfo): string {
  const a = info.affine.map(fmt);
  const rows: [string, string][] = [
    ['path', info.path],
    ['format', info.format + (info.gzip ? ' (gzip)' : '')],
    ['datatype', info.datatype],
    ['size', `${info.size.x} x ${info.size.y} x ${info.size.z}${info.size.t > 1 ? ` x ${info.size.t}` : ''} (x y z${info.size.t > 1 ? ' t' : ''})`],
    ['spacing_mm', `${fmt(info.spacingMm.x)} x ${fmt(info.spacingMm.y)} x ${fmt(info.spacingMm.z)}`],
    ['affine', `[${a.slice(0, 4).join(' ')}]`],
    ['', `[${a.slice(4, 8).join(' ')}]`],
    ['', `[${a.slice(8, 12).join(' ')}]`],
    ['', `[${a.slice(12, 16).join(' ')}] (${info.affineSource}, voxel -> RAS+ mm)`],
    ['modality', info.modality ?? 'unknown'],
    ['range', `${fmt(info.range.min)} .. ${fmt(info.range.max)}${info.datatype.startsWith('complex') ? ' (magnitude)' : ''}`],
  ];
  if (info.nonFinite > 0) rows.push(['non_finite', String(info.nonFinite)]);
  for (const [k, v] of Object.entries(info.extra)) if (v !== null) rows.push([k, String(v)]);
  return rows.map(([k, v]) => `${k.length >= 12 ? k + ' ' : k.padEnd(12)}${v}`).join('\n') + '\n';
}
