/**
 * Output writing: NIfTI-1 label maps (uint8) and images (float32 MRI) of small, medium and
 * large size, `.nii` and `.nii.gz`, and the JSON export of a CT pipeline result holding a
 * label map, a probability map and measurements. Each run writes the file atomically (temp
 * file + rename) into a temp folder; verify reads it back and checks it bit for bit.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIZES, syntheticVolume, type Volume } from '@rhenium-perf/fixtures';
import { expectQuality, sweep, throughputFigures, type BenchCase } from '@rhenium-perf/harness';
import { readNiftiVolume } from '@rhenium-perf/io-parsing';
import { readResultJson, writeNifti, writeResultJson, type WrittenFile } from '../src/index';

const sameBytes = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  a.constructor === b.constructor && Buffer.compare(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength)) === 0;

interface NiftiState {
  dir: string;
  path: string;
  volume: Volume;
}

// One item = one volume written to one file; input voxels counted (the volume's shape).
const niftiWrite = sweep({ kind: ['labels', 'image'] as const, size: ['small', 'medium', 'large'] as const, format: ['nii', 'nii_gz'] as const }, (p) => ({
  id: `ser_nifti_write_${p.kind}_${p.size}_${p.format}`,
  category: 'serialization' as const,
  task: p.format === 'nii' ? 'nifti_write' : 'nifti_gz_write',
  modality: 'MRI' as const,
  inputShape: [...SIZES[p.size]],
  dtype: p.kind === 'labels' ? 'uint8' : 'float32',
  tags: p.kind === 'labels' && p.size === 'small' && p.format === 'nii_gz' ? ['smoke', 'full'] : ['full'],
  setup: (): NiftiState => {
    const s = syntheticVolume('MRI', p.size);
    const dir = mkdtempSync(join(tmpdir(), 'rperf-ser-bench-'));
    return { dir, path: join(dir, p.format === 'nii' ? 'out.nii' : 'out.nii.gz'), volume: p.kind === 'labels' ? s.labels : s.image };
  },
  run: (s: NiftiState): Promise<WrittenFile> => writeNifti(s.path, s.volume, { labelMap: p.kind === 'labels' }),
  verify: async (s: NiftiState, _out: WrittenFile, ctx, timing) => {
    const back = await readNiftiVolume(s.path);
    return {
      bit_exact: expectQuality('bit_exact', sameBytes(back.data, s.volume.data) ? 1 : 0, { min: 1 }),
      ...throughputFigures(ctx, timing, s.volume.data.byteLength, s.volume.data.length, statSync(s.path).size),
    };
  },
  teardown: (s: NiftiState) => rmSync(s.dir, { recursive: true, force: true }),
}));

interface PipelineResult {
  case_id: string;
  modality: string;
  segmentation: Volume<Uint8Array>;
  probabilities: Float32Array;
  measurements: { label: number; voxels: number; volume_ml: number }[];
}

interface JsonState {
  dir: string;
  path: string;
  result: PipelineResult;
}

function pipelineResult(size: keyof typeof SIZES): PipelineResult {
  const s = syntheticVolume('CT', size);
  const voxelMl = s.labels.spacingMm.reduce((a, b) => a * b, 1) / 1000;
  const counts = [0, 0, 0, 0];
  for (const l of s.labels.data) counts[l]!++;
  return {
    case_id: `ct_${size}`,
    modality: 'CT',
    segmentation: s.labels,
    // A smooth-ish probability map: what a segmentation network's softmax would give.
    probabilities: Float32Array.from(s.image.data, (hu, i) => (s.labels.data[i] ? 0.9 : 1 / (1 + Math.exp(-(hu - 80) / 20)))),
    measurements: [1, 2, 3].map((label) => ({ label, voxels: counts[label]!, volume_ml: counts[label]! * voxelMl })),
  };
}

// One item = one pipeline result (label map + probability map) exported as JSON; input voxels counted (the label map's shape).
const jsonExport = sweep({ size: ['small', 'medium', 'large'] as const }, (p) => ({
  id: `ser_json_export_ct_${p.size}`,
  category: 'serialization' as const,
  task: 'json_export',
  modality: 'CT' as const,
  inputShape: [...SIZES[p.size]],
  dtype: 'uint8+float32',
  tags: p.size === 'small' ? ['smoke', 'full'] : ['full'],
  setup: (): JsonState => {
    const dir = mkdtempSync(join(tmpdir(), 'rperf-ser-json-'));
    return { dir, path: join(dir, 'result.json'), result: pipelineResult(p.size) };
  },
  run: (s: JsonState) => writeResultJson(s.path, s.result),
  verify: async (s: JsonState, out: { bytes: number }, ctx, timing) => {
    const back = (await readResultJson(s.path)) as PipelineResult;
    const exact = sameBytes(back.segmentation.data, s.result.segmentation.data) && sameBytes(back.probabilities, s.result.probabilities);
    const dataBytes = s.result.segmentation.data.byteLength + s.result.probabilities.byteLength;
    ctx.record('json_bytes', out.bytes);
    return {
      round_trip_exact: expectQuality('round_trip_exact', exact ? 1 : 0, { min: 1 }),
      ...throughputFigures(ctx, timing, dataBytes, s.result.segmentation.data.length, out.bytes),
    };
  },
  teardown: (s: JsonState) => rmSync(s.dir, { recursive: true, force: true }),
}));

const cases: BenchCase[] = [...niftiWrite, ...jsonExport];
export default cases;
