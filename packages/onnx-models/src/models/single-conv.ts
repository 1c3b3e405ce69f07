/**
 * The minimal model: one convolution (with bias, zero padding, stride 1). Tests compare
 * onnxruntime's output with `convReference` on its weights.
 *
 * `input` [1, C, (D,) H, W] -> `output` [1, O, (D', ) H', W'] with H' = H + 2 pad - kernel + 1.
 */
import { createRng } from '@rhenium-perf/fixtures';
import { DEFAULT_MODEL_SEED } from '../defaults';
import { GraphBuilder } from '../graph-builder';
import { conv } from '../layers';
import type { SingleConvOptions } from '../types';
import { checkIntOption, type ArchitectureBuild } from './common';

/** Build a single 2D or 3D convolution. Default 2 -> 3 channels, kernel 3, pad 1. */
export function buildSingleConv(spatialRank: 2 | 3, options: SingleConvOptions = {}): ArchitectureBuild {
  const model = `conv${spatialRank}d`;
  const inChannels = checkIntOption(model, 'inChannels', options.inChannels ?? 2, 1, 256);
  const outChannels = checkIntOption(model, 'outChannels', options.outChannels ?? 3, 1, 256);
  const kernel = checkIntOption(model, 'kernel', options.kernel ?? 3, 1, 15);
  const pad = checkIntOption(model, 'pad', options.pad ?? 1, 0, kernel - 1);
  const seed = checkIntOption(model, 'seed', options.seed ?? DEFAULT_MODEL_SEED, 0, 2 ** 32 - 1);
  const rng = createRng(seed);
  const g = new GraphBuilder(model);
  const spatial = spatialRank === 2 ? ['height', 'width'] : ['depth', 'height', 'width'];
  const inputs = [{ name: 'input', elemType: 'float32', shape: [1, inChannels, ...spatial] }] as const;
  const x = g.input(inputs[0]);
  const y = conv(g, rng, x, {
    name: 'conv',
    inChannels,
    outChannels,
    kernel: Array<number>(spatialRank).fill(kernel),
    pad: Array<number>(spatialRank).fill(pad),
  });
  const outputs = [{ name: 'output', elemType: 'float32', shape: [1, outChannels, ...spatial.map((s) => `${s}_out`)] }] as const;
  g.output(outputs[0], y);
  const config = { spatialRank, inChannels, outChannels, kernel, pad, seed };
  return {
    task: 'convolution',
    bytes: g.encode({ docString: `one ${spatialRank}D convolution ${inChannels}->${outChannels}, kernel ${kernel}, pad ${pad}, seed ${seed}`, metadata: { model, config: JSON.stringify(config) } }),
    parameterCount: g.parameterCount,
    inputs,
    outputs,
    spatialMultiple: 1,
    config,
  };
}
