/**
 * The segmentation model of the pipeline: the zoo's 3D U-Net in an onnxruntime session,
 * created once and shared by every run (and by a server's requests).
 */
import { getModel } from '@rhenium-perf/onnx-models';
import { createSession } from '@rhenium-perf/perception-inference';
import { DEFAULT_LABEL_NAMES, DEFAULT_MODEL_NAME } from './defaults';
import { PipelineError } from './errors';
import type { LoadModelOptions, PipelineModel } from './types';

/**
 * Build (or reuse) the pipeline's model session.
 * @example const model = await loadPipelineModel({ device: 'cpu' }); await runPipeline(input, { model });
 */
export async function loadPipelineModel(options: LoadModelOptions = {}): Promise<PipelineModel> {
  try {
    const built = getModel(DEFAULT_MODEL_NAME, options.seed === undefined ? {} : { seed: options.seed });
    const session = await createSession(built.bytes, {
      device: options.device ?? 'cpu',
      label: DEFAULT_MODEL_NAME,
      ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
    });
    const classes = Number(built.config.classes ?? 4);
    return Object.freeze({ name: DEFAULT_MODEL_NAME, session, sha256: session.sha256, spatialMultiple: built.spatialMultiple, classes, labelNames: DEFAULT_LABEL_NAMES });
  } catch (e) {
    const code = (e as { code?: string }).code === 'RPERF_PERCEPTION_INVALID_OPTIONS' ? 'RPERF_E2E_INVALID_OPTIONS' : 'RPERF_E2E_STAGE_FAILED';
    throw new PipelineError(code, 'load_model', null, `cannot load the ${DEFAULT_MODEL_NAME} model: ${(e as Error).message}`, { cause: e });
  }
}
