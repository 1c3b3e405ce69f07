/**
 * The default engine: the e2e-core-model pipeline (the route decodes the NIfTI body; the
 * pipeline runs preprocess -> segment -> measure -> dossier on the volume). The pipeline
 * module, and with it onnxruntime, is imported only when the model loads, after the server
 * listens: `/health` answers from the first moment and `/ready` turns 200 once the session
 * exists.
 */
import type { Volume } from '@rhenium-perf/fixtures';
import type { PipelineModel } from '@rhenium-perf/e2e-core-model';
import { ApiError } from './errors';
import type { ModelFacts, SegmentCallOptions, SegmentEngine, SegmentOutcome } from './types';

type PipelineModule = typeof import('@rhenium-perf/e2e-core-model');

/** Options of {@link pipelineEngine}. */
export interface PipelineEngineOptions {
  /** onnxruntime intra-op threads of the shared session. */
  threads: number;
}

/**
 * The e2e pipeline as a {@link SegmentEngine}: one onnxruntime session created by `load`
 * (`loadPipelineModel`), shared by every request (`runPipeline(..., { model })`).
 * @example const engine = pipelineEngine({ threads: 1 }); await engine.load(); (await engine.segment(volume)).labelMap
 */
export function pipelineEngine(options: PipelineEngineOptions): SegmentEngine {
  let mod: PipelineModule | null = null;
  let model: PipelineModel | null = null;
  return {
    name: 'e2e-core-model',
    async load(): Promise<ModelFacts> {
      mod = await import('@rhenium-perf/e2e-core-model');
      model = await mod.loadPipelineModel({ device: 'cpu', intraOpThreads: options.threads });
      return { name: model.name, sha256: model.sha256, device: model.session.device, threads: model.session.intraOpThreads };
    },
    async segment(volume: Volume, call: SegmentCallOptions = {}): Promise<SegmentOutcome> {
      if (!mod || !model) throw new ApiError('RPERF_API_NOT_READY', 'segment() was called before load() finished: the model is not loaded');
      try {
        const r = await mod.runPipeline(
          { kind: 'volume', volume, name: 'request body' },
          { model, ...(call.signal ? { signal: call.signal } : {}), ...(call.maxVoxels ? { maxVoxels: call.maxVoxels } : {}) },
        );
        return { labelMap: r.labelMap, dossier: r.dossier as unknown as Record<string, unknown>, stagesMs: r.stagesMs as Record<string, number> };
      } catch (err) {
        // An input the model cannot take is the client's problem (422), anything else ours.
        if (mod.PipelineError && err instanceof mod.PipelineError && (err.code === 'RPERF_E2E_INPUT_DIMENSIONS' || err.code === 'RPERF_E2E_INPUT_INVALID')) {
          throw new ApiError('RPERF_API_UNSUPPORTED_VOLUME', `${err.code}: ${err.message}`);
        }
        if (mod.PipelineError && err instanceof mod.PipelineError && err.code === 'RPERF_E2E_ABORTED') {
          throw new ApiError('RPERF_API_CLIENT_CLOSED', `${err.code}: ${err.message}`);
        }
        throw err;
      }
    },
  };
}
