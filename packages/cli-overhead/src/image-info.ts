/**
 * What `rhenium info` shows about an image: the facts `fslinfo` / `nib-ls` print, read with
 * io-parsing (NIfTI-1/2 files, single DICOM files, DICOM folders); or, for a folder holding
 * several DICOM series, the list of those series.
 */
import { open } from 'node:fs/promises';
import type { VolumeArray } from '@rhenium-perf/fixtures';
import { DEFAULT_MAX_NIFTI_VOXELS, NIFTI_DATATYPES, isGzip, readNifti, scanDicomInput, type DicomSeries, type ImageInputKind } from '@rhenium-perf/io-parsing';
import { inputKindOf } from './input-kind';
import { maxVoxelsFromEnv } from './limits';

/** Facts about one image. Axis-keyed fields use x, y, z (NIfTI's i, j, k) to avoid order mistakes. */
export interface ImageInfo {
  readonly path: string;
  /** `nifti1`, `nifti2`, `dicom-series` (a folder) or `dicom-file` (one file, read like a series of one file). */
  readonly format: 'nifti1' | 'nifti2' | 'dicom-series' | 'dicom-file';
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
  /** NIfTI intent code and description; DICOM: slices, files, SeriesInstanceUID, description, warnings. */
  readonly extra: Readonly<Record<string, string | number | null>>;
}

/** One series of a DICOM folder, as `rhenium info` lists it. */
export interface SeriesListItem {
  readonly seriesInstanceUid: string | null;
  readonly description: string | null;
  /** DICOM Modality: MR, CT, SEG, ... */
  readonly modality: string | null;
  /** Slices: files, or the frames of a multi-frame file. */
  readonly slices: number;
  readonly files: number;
  /** Columns x rows x slices of its first file. */
  readonly size: { readonly x: number; readonly y: number; readonly z: number };
  /** Why it cannot be read as a volume (a Segmentation, a colour image), or null. */
  readonly refusal: string | null;
}

/** What `rhenium info` prints for a DICOM folder holding several series (no pixel decoded). */
export interface SeriesListing {
  readonly path: string;
  readonly format: 'dicom-folder';
  /** Every series, in the order of their first file's name: read one with --series UID. */
  readonly series: readonly SeriesListItem[];
}

/** Options of {@link describeInput}. */
export interface DescribeOptions {
  /** The SeriesInstanceUID to describe when a DICOM folder holds several (`--series`). */
  readonly series?: string | null;
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

function dicomInfo(path: string, kind: ImageInputKind, series: DicomSeries): ImageInfo {
  const v = series.volume;
  const r = range(v.data, false);
  return {
    path,
    format: kind === 'dicom-file' ? 'dicom-file' : 'dicom-series',
    gzip: false,
    datatype: elementName(v.data),
    size: { x: v.shape[2], y: v.shape[1], z: v.shape[0], t: 1 },
    spacingMm: { x: v.spacingMm[2], y: v.spacingMm[1], z: v.spacingMm[0] },
    affine: [...v.affine],
    affineSource: 'dicom',
    modality: v.modality,
    range: { min: r.min, max: r.max },
    nonFinite: r.nonFinite,
    extra: {
      slices: v.shape[0],
      files: series.files.length,
      series_instance_uid: series.seriesInstanceUid,
      series_description: series.seriesDescription,
      warnings: series.warnings.join('; ') || null,
    },
  };
}

/**
 * Describe a NIfTI file, a DICOM file or a DICOM folder; a folder holding several series (and
 * no `series` chosen) is listed instead: UID, description, modality, slices, size.
 * What the path is comes from io-parsing's `detectImageInput` (folder; 128-byte preamble +
 * "DICM"; else NIfTI).
 * @example (await describeInput('study/')).format // 'dicom-folder' when it holds several series
 */
export async function describeInput(path: string, options: DescribeOptions = {}): Promise<ImageInfo | SeriesListing> {
  return describe(path, options.series ?? null, true);
}

/**
 * Describe one image: a NIfTI file, a DICOM file, or one series of a DICOM folder (with
 * several series and none chosen: RPERF_IO_MIXED_SERIES listing their UIDs).
 * @example (await describeImage('t1.nii.gz')).size // { x: 256, y: 256, z: 20, t: 1 }
 */
export async function describeImage(path: string, options: DescribeOptions = {}): Promise<ImageInfo> {
  return (await describe(path, options.series ?? null, false)) as ImageInfo;
}

async function describe(path: string, series: string | null, listSeveral: boolean): Promise<ImageInfo | SeriesListing> {
  const maxVoxels = maxVoxelsFromEnv() ?? DEFAULT_MAX_NIFTI_VOXELS;
  const kind = await inputKindOf(path, series);
  if (kind === 'nifti') return describeNifti(path, maxVoxels);
  const scan = await scanDicomInput(path);
  if (listSeveral && scan.series.length > 1 && series === null) {
    return {
      path,
      format: 'dicom-folder',
      series: scan.series.map((s) => ({
        seriesInstanceUid: s.seriesInstanceUid,
        description: s.seriesDescription,
        modality: s.modality,
        slices: s.slices,
        files: s.files,
        size: { x: s.columns, y: s.rows, z: s.slices },
        refusal: s.refusal,
      })),
    };
  }
  return dicomInfo(path, kind, scan.read(series));
}

async function describeNifti(path: string, maxVoxels: number): Promise<ImageInfo> {
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

/** The text form of a {@link SeriesListing}: a table of the series, one per line. */
export function formatSeriesListing(listing: SeriesListing): string {
  const table = [
    ['UID', 'modality', 'slices', 'size (x y z)', 'description'],
    ...listing.series.map((s) => [
      s.seriesInstanceUid ?? '(none)',
      s.modality ?? '-',
      String(s.slices),
      `${s.size.x} x ${s.size.y} x ${s.size.z}`,
      [s.description, s.refusal ? `(${s.refusal})` : null].filter(Boolean).join(' ') || '-',
    ]),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const line = (row: string[]): string => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]! + 2))).join('');
  const rows = [
    `${'path'.padEnd(12)}${listing.path}`,
    `${'format'.padEnd(12)}dicom-folder holding ${listing.series.length} series (describe one with --series UID)`,
    `${'series'.padEnd(12)}${line(table[0]!)}`,
    ...table.slice(1).map((row) => `${''.padEnd(12)}${line(row)}`),
  ];
  return rows.join('\n') + '\n';
}
