/**
 * Achieved GFLOP/s of a zoo network in onnxruntime: one `session.run` on a fixed input, timed
 * by the harness, divided into the network's FLOP count (onnx-models' `countFlops`: conv /
 * conv-transpose / gemm / matmul multiply-adds x 2 for this input shape), beside the
 * JS-reachable multiply-add peak of the machine (onnx-models' `measureFmaPeak`) as the bound.
 *
 * One case per network and intra-op thread count (1 and 2): the ratio of the two is the
 * thread scaling. Used by perception-inference (U-Net, detector) and gan-inference (SR
 * generator, DnCNN) benches, so the figures are computed one way.
 *
 * Figures: `achieved_gflops` (FLOPs / median latency); the bounds `js_fma_peak_float64_gflops`
 * and `js_fma_peak_float32_gflops` (one JS thread, scalar), `wasm_simd_peak_float32_gflops`
 * (one thread, f32x4 WebAssembly SIMD: the best a hand-written kernel reaches from Node);
 * and `achieved_over_wasm_simd_peak_float32` (onnxruntime's float32 work against that bound).
 * The network's FLOPs per pass and the input shape are recorded.
 */
import * as ort from 'onnxruntime-node';
import { createRng } from '@rhenium-perf/fixtures';
import { check, defineBench, quality, type BenchCase, type BenchTag } from '@rhenium-perf/harness';
import { countFlops, getModel, measureFmaPeak, type FlopCount, type FmaPeak, type ZooModelName } from '@rhenium-perf/onnx-models';
import type { CategoryId } from '@rhenium-perf/schema';
import { createSession } from './session';
import type { ModelSession } from './types';

/** Seed of the network inputs (uniform [0, 1) values). */
const INPUT_SEED = 17;

/** What to measure. */
export interface NetworkThroughputSpec {
  readonly id: string;
  readonly category: CategoryId;
  readonly network: ZooModelName;
  /** Full input tensor shape, batch and channels first: [1, 1, 32, 64, 64]. */
  readonly inputShape: readonly number[];
  readonly threads: 1 | 2;
  readonly tags: readonly BenchTag[];
}

/** State of a throughput case: the session, its input, the FLOP count and the measured bound. */
export interface ThroughputState {
  session: ModelSession;
  feeds: Record<string, ort.Tensor>;
  flops: FlopCount;
  peak: FmaPeak;
}

/**
 * A bench case timing one forward pass of a zoo network and reporting its achieved GFLOP/s.
 * @example networkThroughputCase({ id: 'perception_gflops_unet3d_t1', category: 'perception_inference', network: 'unet3d', inputShape: [1, 1, 32, 64, 64], threads: 1, tags: ['full'] })
 */
export function networkThroughputCase(spec: NetworkThroughputSpec): BenchCase<ThroughputState, Record<string, ort.Tensor>> {
  return defineBench<ThroughputState, Record<string, ort.Tensor>>({
    id: spec.id,
    category: spec.category,
    task: 'network_forward_gflops',
    modality: null,
    // One item = one forward pass on this input; its elements counted.
    inputShape: [...spec.inputShape],
    dtype: 'float32',
    tags: spec.tags,
    // The multiply-add peak is timed in setup: its processes run alone (no overlap).
    exclusive: true,
    params: { network: spec.network, threads: spec.threads },
    async setup(ctx) {
      const model = getModel(spec.network);
      const inputName = model.inputs[0]!.name;
      const flops = countFlops(model.bytes, { [inputName]: spec.inputShape });
      // NOTE: reuse: false, a session of its own: a shared one would carry another case's thread count.
      const session = await createSession(model.bytes, { device: 'cpu', intraOpThreads: spec.threads, reuse: false, label: `zoo:${spec.network}` });
      const data = createRng(INPUT_SEED).fillUniform(new Float32Array(spec.inputShape.reduce((a, b) => a * b, 1)));
      // The bound, measured here (outside the timed region) in the same process.
      const peak = measureFmaPeak();
      ctx.record('model_name', spec.network);
      ctx.record('model_sha256', model.sha256);
      ctx.record('intra_op_threads', session.intraOpThreads);
      ctx.record('network_input_shape', [...spec.inputShape]);
      ctx.record('network_flops_per_pass', flops.flops);
      ctx.record('network_macs_by_op', flops.macsByOp);
      ctx.record('flop_convention', 'multiply-add = 2 FLOPs; Conv, ConvTranspose, Gemm, MatMul only (bias, activations, pooling not counted)');
      ctx.record(
        'peak_note',
        'js_fma_peak_* is one JS thread running scalar multiply-adds (V8 emits no FMA and no SIMD); wasm_simd_peak_* the same loop on 128-bit WebAssembly vectors (mul + add, no FMA): bounds reachable from Node on one thread, not the hardware peak (onnxruntime uses 256/512-bit FMA kernels and may use two threads, so it may exceed them)',
      );
      return { session, feeds: { [inputName]: new ort.Tensor('float32', data, [...spec.inputShape]) }, flops, peak };
    },
    run: (s) => s.session.run(s.feeds),
    verify(s, out, _ctx, timing) {
      for (const [name, dims] of Object.entries(s.flops.outputDims)) {
        const t = out[name];
        check(t !== undefined, `output "${name}" missing`);
        check(t.dims.join() === dims.join(), `output "${name}" has dims [${t.dims.join(', ')}], the FLOP count's shape propagation says [${dims.join(', ')}]`);
        const values = t.data as Float32Array;
        let bad = 0;
        for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) bad++;
        check(bad === 0, `output "${name}" has ${bad} non-finite values`);
      }
      const achieved = s.flops.flops / (timing.medianMs * 1e6);
      return {
        achieved_gflops: quality(achieved, 'GFLOP/s', true),
        js_fma_peak_float64_gflops: quality(s.peak.float64Gflops, 'GFLOP/s', true),
        js_fma_peak_float32_gflops: quality(s.peak.float32Gflops, 'GFLOP/s', true),
        ...(s.peak.simdFloat32Gflops
          ? {
              wasm_simd_peak_float32_gflops: quality(s.peak.simdFloat32Gflops, 'GFLOP/s', true),
              achieved_over_wasm_simd_peak_float32: quality(achieved / s.peak.simdFloat32Gflops, 'x', true),
            }
          : {}),
      };
    },
    async teardown(s) {
      // NOTE: release, not dispose(): dispose also forgets the shared cache entry of this key.
      await s.session.session.release();
    },
  });
}
