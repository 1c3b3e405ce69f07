/**
 * Per-job overhead of the CLI: `rhenium segment` on a tiny CT volume (8 x 16 x 16) as a new
 * process, against the same work in-process (`segmentFile`, the function the command calls:
 * pipeline, model load, write).
 *
 * `cli_segment_process_ct_tiny`: each measured run spawns the built tool once.
 * `cli_segment_inprocess_ct_tiny` is the in-process side as its own case: the overhead of a
 * process (node start-up, importing the pipeline and onnxruntime-node, cold JIT) is the
 * difference of the two cases' latencies, both measured by the harness (the process case no
 * longer times its own pairs in setup).
 * NOTE: both create the onnxruntime session on every job, as a one-shot CLI must (a server
 * creates it once); the model's bytes come from onnx-models' persistent store (built by the
 * first process of a build, read by the next ones), so no job builds the network.
 * `process_latency_ms` is issue 17's goal (<= 200 ms) as a target figure.
 *
 * The floor (issue #17, "a measured physical bound") is its own case,
 * `cli_segment_process_ct_tiny_vs_floor` (tags full + reference, like the numpy and
 * scikit-image cases, so the process case measures what it always did): its timed run is
 * `bench/floor-segment.cjs` as a cold process (onnxruntime-node required, a session on the same
 * U-Net file with the same options, one run of the same input shape, release, exit;
 * bench/floor.ts), so its latency is the floor; after its timed runs each process alternates
 * cold processes of the real `rhenium segment` and of the floor, which side first alternating,
 * and records `floor_latency_ms` (median of the floor's times in the pairs),
 * `overhead_vs_floor_ms` (median of the paired differences) and `ratio_vs_floor` (median of
 * the paired ratios). Since those processes are timed in verify, that case runs alone
 * (`exclusive`).
 *
 * Run counts: the process cases take ~0.3 s a run: 1 warm-up + 2 timed runs per process
 * (the floor case then FLOOR_PAIRS_FULL pairs in verify); the in-process case (~25 ms)
 * 1 warm-up + 5 timed runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticVolume, type Volume } from '@rhenium-perf/fixtures';
import { alternatedPairs, defineBench, expectQuality, quality, target } from '@rhenium-perf/harness';
import { encodeNifti1, readNiftiVolume } from '@rhenium-perf/io-parsing';
import { segmentFile } from '../src/segment';
import { floorPairCount, floorSpec, timeFloor, type FloorSpec } from './floor';
import { builtBin, missingPipelineBuild, missingPipelineDist, timedSpawn } from './support';

const SHAPE = [8, 16, 16] as const;
/** Goal of issue 17 for one cold `rhenium segment` process on the tiny CT (ms); a target, never failing the case. */
const PROCESS_TARGET_MS = 200;

interface SegState {
  readonly dir: string;
  readonly input: string;
  readonly output: string;
  readonly image: Volume;
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
const round = (x: number): number => Math.round(x * 1000) / 1000;

interface ProcessState extends SegState {
  readonly floor: FloorSpec;
}

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

export default [
  defineBench<SegState, unknown>({
    id: 'cli_segment_process_ct_tiny',
    category: 'cli_overhead',
    task: 'spawn_rhenium_segment',
    modality: 'CT',
    inputShape: [...SHAPE],
    dtype: 'int16',
    // One item = one volume segmented by one `rhenium segment` process; input voxels counted (8 x 16 x 16).
    tags: ['full'],
    warmupRunsPerProcess: 1,
    measuredRunsPerProcess: 2,
    skipIf: () => missingPipelineBuild(),
    setup: () => writeInput(),
    run: (s) => timedSpawn(spawnArgs(s)),
    async verify(s, _out, _ctx, timing) {
      return {
        label_affine_max_abs_error_mm: expectQuality('label_affine_max_abs_error_mm', await verifyOutput(s), { max: 1e-3, unit: 'mm' }),
        process_latency_ms: target(timing.medianMs, { max: PROCESS_TARGET_MS, unit: 'ms' }),
      };
    },
    teardown: (s) => rmSync(s.dir, { recursive: true, force: true }),
  }),
  defineBench<ProcessState, unknown>({
    id: 'cli_segment_process_ct_tiny_vs_floor',
    category: 'cli_overhead',
    task: 'spawn_segment_floor',
    modality: 'CT',
    inputShape: [...SHAPE],
    dtype: 'int16',
    // One item = one cold floor process (onnxruntime-node, the U-Net session, one run of the
    // tool's padded input, exit); input voxels counted (8 x 16 x 16, as the tool's case).
    tags: ['full', 'reference'],
    // The floor pairs are timed in verify: the processes run alone.
    exclusive: true,
    warmupRunsPerProcess: 1,
    measuredRunsPerProcess: 2,
    skipIf: () => missingPipelineBuild(),
    async setup() {
      const floor = await floorSpec(SHAPE);
      return { ...writeInput(), floor };
    },
    // timeFloor checks what the floor printed (the output's dims, finite), so a floor that did
    // not run the model fails the case.
    run: (s) => timeFloor(s.floor),
    async verify(s, _out, ctx) {
      // A = the real tool, B = the floor (harness alternatedPairs: which side first alternates).
      const pairs = await alternatedPairs(
        floorPairCount(ctx.mode),
        async () => (await timedSpawn(spawnArgs(s))).ms,
        () => timeFloor(s.floor),
      );
      // The real processes of the pairs wrote the label map: checked like the process case's.
      const affineErr = await verifyOutput(s);
      ctx.record('floor_pairs', pairs.bMs.length);
      ctx.record('floor_ms', pairs.bMs.map(round));
      ctx.record('floor_paired_rhenium_ms', pairs.aMs.map(round));
      ctx.record('floor_model_sha256', s.floor.sha256);
      ctx.record('floor_input_shape', [1, 1, ...s.floor.spatial]);
      ctx.record('floor_intra_op_threads', s.floor.threads);
      return {
        label_affine_max_abs_error_mm: expectQuality('label_affine_max_abs_error_mm', affineErr, { max: 1e-3, unit: 'mm' }),
        floor_latency_ms: quality(pairs.bMedianMs, 'ms', false),
        overhead_vs_floor_ms: quality(pairs.differenceMedianMs, 'ms', false),
        ratio_vs_floor: quality(pairs.ratioMedian, 'x', false),
        // The #17 goal measured beside its floor: the real tool's median in the same pairs.
        process_latency_ms: target(pairs.aMedianMs, { max: PROCESS_TARGET_MS, unit: 'ms' }),
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
    // One item = one volume segmented in process (segmentFile); input voxels counted (8 x 16 x 16).
    tags: ['full'],
    warmupRunsPerProcess: 1,
    measuredRunsPerProcess: 5,
    skipIf: () => missingPipelineDist(),
    setup: () => writeInput(),
    run: (s) => inProcess(s),
    async verify(s) {
      return { label_affine_max_abs_error_mm: expectQuality('label_affine_max_abs_error_mm', await verifyOutput(s), { max: 1e-3, unit: 'mm' }) };
    },
    teardown: (s) => rmSync(s.dir, { recursive: true, force: true }),
  }),
];
