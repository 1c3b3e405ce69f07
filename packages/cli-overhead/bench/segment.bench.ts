/**
 * Per-job overhead of the CLI: `rhenium segment` on a tiny CT volume (8 x 16 x 16) as a new
 * process, against the same work in-process (`segmentFile`, the function the command calls:
 * pipeline, model load, write).
 *
 * `cli_segment_process_ct_tiny`: each measured run spawns the built tool once. Its setup runs
 * interleaved pairs (in-process call, process) and records both medians and the overhead
 * (process minus in-process: node start-up, importing the pipeline and onnxruntime-node,
 * cold JIT). `cli_segment_inprocess_ct_tiny` is the in-process side as its own case.
 * NOTE: both load the model on every job, as a one-shot CLI must; a server would load once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticVolume, type Volume } from '@rhenium-perf/fixtures';
import { defineBench, expectQuality, quality } from '@rhenium-perf/harness';
import { encodeNifti1, readNiftiVolume } from '@rhenium-perf/io-parsing';
import { segmentFile } from '../src/segment';
import { builtBin, median, missingPipelineBuild, missingPipelineDist, timedSpawn } from './spawn';

const SHAPE = [8, 16, 16] as const;
const PAIRS_FULL = 5;
const PAIRS_SMOKE = 2;

interface SegState {
  readonly dir: string;
  readonly input: string;
  readonly output: string;
  readonly image: Volume;
  readonly inprocessMs: number;
  readonly processMs: number;
  /** Median of the per-pair differences process - in-process, ms. */
  readonly overheadMs: number;
}

function writeInput(): { dir: string; input: string; output: string; image: Volume } {
  const dir = mkdtempSync(join(tmpdir(), 'rhenium-bench-seg-'));
  const { image } = syntheticVolume('CT', 'tiny');
  const input = join(dir, 'ct_tiny.nii');
  writeFileSync(input, encodeNifti1(image));
  return { dir, input, output: join(dir, 'ct_tiny.labels.nii.gz'), image };
}

const inProcess = (s: { input: string; output: string }) => segmentFile({ input: s.input, kind: 'file', output: s.output, modality: 'CT' });
const spawnArgs = (s: { input: string; output: string }) => [builtBin(), 'segment', s.input, '-o', s.output, '--modality', 'CT'];

/** The label map on disk has the input's shape and affine, and holds some labels. */
async function verifyOutput(s: { output: string; image: Volume }): Promise<number> {
  const back = await readNiftiVolume(s.output);
  if (back.shape.join() !== s.image.shape.join()) throw new Error(`label map shape ${back.shape.join('x')} differs from the input ${s.image.shape.join('x')}`);
  const affineErr = Math.max(...back.affine.map((x, i) => Math.abs(x - s.image.affine[i]!)));
  let labelled = 0;
  for (const v of back.data) if (v !== 0) labelled++;
  if (labelled === 0) throw new Error('the label map is empty');
  return affineErr;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export default [
  defineBench<SegState, unknown>({
    id: 'cli_segment_process_ct_tiny',
    category: 'cli_overhead',
    task: 'spawn_rhenium_segment',
    modality: 'CT',
    inputShape: [...SHAPE],
    dtype: 'int16',
    tags: ['full'],
    warmupRuns: 1,
    measurementRuns: 5,
    skipIf: () => missingPipelineBuild(),
    async setup(ctx) {
      const base = writeInput();
      await inProcess(base); // imports the pipeline and onnxruntime-node once, outside the pairs
      const inproc: number[] = [];
      const proc: number[] = [];
      const diffs: number[] = [];
      for (let p = 0; p < (ctx.mode === 'smoke' ? PAIRS_SMOKE : PAIRS_FULL); p++) {
        const t0 = performance.now();
        await inProcess(base);
        inproc.push(performance.now() - t0);
        proc.push((await timedSpawn(spawnArgs(base))).ms);
        diffs.push(proc.at(-1)! - inproc.at(-1)!);
      }
      const inprocessMs = median(inproc);
      const processMs = median(proc);
      const overheadMs = median(diffs);
      ctx.record('inprocess_ms_median', round(inprocessMs));
      ctx.record('process_ms_median_paired', round(processMs));
      ctx.record('overhead_ms_median', round(overheadMs));
      ctx.record('inprocess_ms', inproc.map(round));
      ctx.record('process_ms', proc.map(round));
      return { ...base, inprocessMs, processMs, overheadMs };
    },
    run: (s) => timedSpawn(spawnArgs(s)),
    async verify(s) {
      return {
        label_affine_max_abs_error_mm: expectQuality('label_affine_max_abs_error_mm', await verifyOutput(s), { max: 1e-3, unit: 'mm' }),
        overhead_ms: quality(s.overheadMs, 'ms', false),
        process_vs_inprocess_ratio: quality(s.processMs / s.inprocessMs, 'x', false),
      };
    },
    teardown: (s) => rmSync(s.dir, { recursive: true, force: true }),
  }),
  defineBench<SegState, unknown>({
    id: 'cli_segment_inprocess_ct_tiny',
    category: 'cli_overhead',
    task: 'segment_inprocess',
    modality: 'CT',
    inputShape: [...SHAPE],
    dtype: 'int16',
    tags: ['full'],
    warmupRuns: 1,
    measurementRuns: 5,
    skipIf: () => missingPipelineDist(),
    async setup() {
      const base = writeInput();
      return { ...base, inprocessMs: NaN, processMs: NaN, overheadMs: NaN };
    },
    run: (s) => inProcess(s),
    async verify(s) {
      return { label_affine_max_abs_error_mm: expectQuality('label_affine_max_abs_error_mm', await verifyOutput(s), { max: 1e-3, unit: 'mm' }) };
    },
    teardown: (s) => rmSync(s.dir, { recursive: true, force: true }),
  }),
];
