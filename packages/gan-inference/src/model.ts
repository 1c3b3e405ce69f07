/**
 * Loading a generator of the zoo into onnxruntime through perception-inference's session
 * management (one session per model bytes and options, reused; graph optimisation on;
 * device resolution with the same CUDA probe), with its errors turned into this package's.
 */
import { OnnxModelsError, getModel, type ZooModelOptions } from '@rhenium-perf/onnx-models';
import { PerceptionError, createSession } from '@rhenium-perf/perception-inference';
import { DENOISE_MODEL_RANGE, SR_MODEL_RANGE, SR_SCALE } from './defaults';
import { GanError, type GanErrorCode } from './errors';
import type { GanModel, GanModelName, OpenGanModelOptions } from './types';

/** The generators, with the operation, rank and intensity range each works in. */
export const GAN_MODELS: Readonly<Record<GanModelName, Pick<GanModel, 'operation' | 'spatialRank' | 'scale' | 'modelRange'>>> = Object.freeze({
  srgan2d: Object.freeze({ operation: 'super_resolution', spatialRank: 2, scale: SR_SCALE, modelRange: SR_MODEL_RANGE }),
  dncnn2d: Object.freeze({ operation: 'denoising', spatialRank: 2, scale: 1, modelRange: DENOISE_MODEL_RANGE }),
  dncnn3d: Object.freeze({ operation: 'denoising', spatialRank: 3, scale: 1, modelRange: DENOISE_MODEL_RANGE }),
} as const);

/** Map an error of perception-inference or onnx-models to a GanError (others pass through). */
export function toGanError(err: unknown): unknown {
  if (err instanceof GanError) return err;
  if (err instanceof PerceptionError) {
    const map: Partial<Record<string, GanErrorCode>> = {
      RPERF_DEVICE_UNAVAILABLE: 'RPERF_GAN_DEVICE_UNAVAILABLE',
      RPERF_PERCEPTION_INVALID_OPTIONS: 'RPERF_GAN_INVALID_OPTIONS',
      RPERF_PERCEPTION_RUN_FAILED: 'RPERF_GAN_RUN_FAILED',
      RPERF_PERCEPTION_NAN_INPUT: 'RPERF_GAN_NAN_INPUT',
      RPERF_PERCEPTION_INPUT_MISMATCH: 'RPERF_GAN_INPUT_SHAPE',
    };
    return new GanError(map[err.code] ?? 'RPERF_GAN_MODEL_LOAD_FAILED', err.message);
  }
  if (err instanceof OnnxModelsError) return new GanError('RPERF_GAN_INVALID_OPTIONS', err.message);
  return err;
}

/**
 * Build a zoo generator (deterministic bytes) and open (or reuse) its session.
 * @example const sr = await openGanModel('srgan2d', { intraOpThreads: 1 }); // sr.descriptor.sha256, sr.session.run
 */
export async function openGanModel(name: GanModelName, options: OpenGanModelOptions = {}): Promise<GanModel> {
  const spec = GAN_MODELS[name] as (typeof GAN_MODELS)[GanModelName] | undefined;
  if (!spec || !Object.hasOwn(GAN_MODELS, name)) {
    throw new GanError('RPERF_GAN_INVALID_OPTIONS', `unknown generator ${JSON.stringify(name)}; expected one of ${Object.keys(GAN_MODELS).join(', ')}`);
  }
  try {
    const built = getModel(name, (options.modelOptions ?? {}) as ZooModelOptions[typeof name]);
    const session = await createSession(built.bytes, {
      device: options.device ?? 'cpu',
      ...(options.intraOpThreads !== undefined ? { intraOpThreads: options.intraOpThreads } : {}),
      label: `zoo:${name}`,
    });
    const { bytes: _bytes, ...descriptor } = built;
    return Object.freeze({ name, ...spec, descriptor, session });
  } catch (err) {
    throw toGanError(err);
  }
}
