/**
 * DnCNN denoiser (Zhang et al. 2017, reduced; batch norm left out): conv + ReLU, (depth - 2)
 * x (conv + ReLU), conv to the image channels predicting the noise; the output is the input
 * minus the predicted noise (residual learning).
 *
 * 2D: `image` [N, C, H, W] -> `denoised` [N, C, H, W]; 3D: [N, C, D, H, W] likewise.
 */
import { createRng } from '@rhenium-perf/fixtures';
import { DEFAULT_MODEL_SEED } from '../defaults';
import { GraphBuilder } from '../graph-builder';
import { conv, op } from '../layers';
import type { DnCnnOptions } from '../types';
import { checkIntOption, type ArchitectureBuild } from './common';

/** Build a DnCNN in 2D (default depth 8, 16 features) or 3D (default depth 5, 8 features). */
export function buildDnCnn(spatialRank: 2 | 3, options: DnCnnOptions = {}): ArchitectureBuild {
  const model = `dncnn${spatialRank}d`;
  const depth = checkIntOption(model, 'depth', options.depth ?? (spatialRank === 2 ? 8 : 5), 2, 64);
  const f = checkIntOption(model, 'features', options.features ?? (spatialRank === 2 ? 16 : 8), 1, 1024);
  const inChannels = checkIntOption(model, 'inChannels', options.inChannels ?? 1, 1, 64);
  const seed = checkIntOption(model, 'seed', options.seed ?? DEFAULT_MODEL_SEED, 0, 2 ** 32 - 1);
  const rng = createRng(seed);
  const g = new GraphBuilder(model);
  const spatial = spatialRank === 2 ? ['height', 'width'] : ['depth', 'height', 'width'];
  const shape = ['batch', inChannels, ...spatial];
  const inputs = [{ name: 'image', elemType: 'float32', shape }] as const;
  const image = g.input(inputs[0]);
  const k = Array<number>(spatialRank).fill(3);
  let x = op(g, 'Relu', [conv(g, rng, image, { name: 'layer0.conv', inChannels, outChannels: f, kernel: k })], 'layer0.relu');
  for (let l = 1; l < depth - 1; l++) {
    x = op(g, 'Relu', [conv(g, rng, x, { name: `layer${l}.conv`, inChannels: f, outChannels: f, kernel: k })], `layer${l}.relu`);
  }
  const noise = conv(g, rng, x, { name: `layer${depth - 1}.conv`, inChannels: f, outChannels: inChannels, kernel: k });
  g.node('Sub', [image, noise], {}, { name: 'residual', outputs: ['denoised'] });
  const outputs = [{ name: 'denoised', elemType: 'float32', shape }] as const;
  g.output(outputs[0]);
  const config = { spatialRank, depth, features: f, inChannels, seed };
  return {
    task: 'denoising',
    bytes: g.encode({ docString: `DnCNN ${spatialRank}D, depth ${depth}, ${f} features, seed ${seed}`, metadata: { model, config: JSON.stringify(config) } }),
    parameterCount: g.parameterCount,
    inputs,
    outputs,
    spatialMultiple: 1,
    config,
  };
}
