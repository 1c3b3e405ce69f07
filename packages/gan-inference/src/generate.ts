/**
 * The generation loop shared by super-resolution and denoising: map the input's intensities
 * into the model's range, feed it in batches of items ([b, 1, ...spatial]), map each output
 * back into a caller-visible Float32Array, and hash input and output for the disclosure.
 */
import * as ort from 'onnxruntime-node';
import type { VolumeArray } from '@rhenium-perf/fixtures';
import type { StageFn } from '@rhenium-perf/perception-inference';
import { GanError } from './errors';
import { fromModelRange, intensityMapping, toModelRange } from './intensity';
import { toGanError } from './model';
import type { GanModel, IntensityMapping } from './types';

/** A StageFn that only calls `fn` (no timing). */
export const noStage: StageFn = (_name, fn) => fn();

/** What `runGenerator` returns. */
export interface GeneratorRun {
  /** The output of every item, concatenated (item-major), in the input's units. */
  readonly output: Float32Array;
  /** Shape of one output item (spatial axes). */
  readonly itemShape: readonly number[];
  readonly mapping: IntensityMapping;
  /** session.run calls made. */
  readonly runs: number;
}

/**
 * Run a generator over `items` items of spatial shape `itemShape` stored back to back in
 * `data`, `batch` items per session.run. Super-resolution multiplies the last two axes by
 * the model's scale.
 */
export async function runGenerator(
  model: GanModel,
  data: VolumeArray,
  items: number,
  itemShape: readonly number[],
  batch: number,
  label: string,
  stage: StageFn = noStage,
): Promise<GeneratorRun> {
  const mapping = stage('pre_post', () => intensityMapping(data, model.modelRange, label));
  const s = model.scale;
  const outShape = itemShape.map((n, i) => (i >= itemShape.length - 2 ? n * s : n));
  const inItem = itemShape.reduce((a, b) => a * b, 1);
  const outItem = outShape.reduce((a, b) => a * b, 1);
  const b0 = Math.min(batch, items);
  const inBuf = new Float32Array(b0 * inItem);
  const output = new Float32Array(items * outItem);
  const inputName = model.session.inputs[0]!.name;
  const outputName = model.session.outputs[0]!.name;
  let runs = 0;
  for (let first = 0; first < items; first += b0) {
    const b = Math.min(b0, items - first);
    const feeds = stage('pre_post', () => {
      const src = (data as Float32Array).subarray(first * inItem, (first + b) * inItem);
      const x = toModelRange(src, mapping, inBuf).subarray(0, b * inItem);
      return { [inputName]: new ort.Tensor('float32', x, [b, 1, ...itemShape]) };
    });
    let result: Record<string, ort.Tensor>;
    try {
      result = await stage('session_run', () => model.session.run(feeds));
    } catch (err) {
      throw toGanError(err);
    }
    runs++;
    stage('pre_post', () => {
      const y = result[outputName];
      const want = [b, 1, ...outShape];
      if (!y || y.type !== 'float32' || y.dims.length !== want.length || y.dims.some((d, i) => d !== want[i])) {
        throw new GanError(
          'RPERF_GAN_RUN_FAILED',
          `${model.name} returned ${y ? `${y.type} [${y.dims.join(', ')}]` : 'no output'} for "${outputName}"; expected float32 [${want.join(', ')}]`,
        );
      }
      fromModelRange(y.data as Float32Array, mapping, output, first * outItem);
    });
  }
  return { output, itemShape: outShape, mapping, runs };
}
