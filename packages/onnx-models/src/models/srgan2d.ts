/**
 * SRGAN-style x2 super-resolution generator (Ledig et al. 2017, reduced; batch norm left out,
 * as in EDSR/ESRGAN): 9x9 conv + PReLU; residual blocks (3x3 conv, PReLU, 3x3 conv, add);
 * 3x3 conv + global skip; 3x3 conv to 4F channels, DepthToSpace x2 (pixel shuffle, CRD),
 * PReLU; 9x9 conv to the image channels; tanh.
 *
 * Input `image` [N, C, H, W]; output `sr_image` [N, C, 2H, 2W].
 */
import { createRng } from '@rhenium-perf/fixtures';
import { DEFAULT_MODEL_SEED } from '../defaults';
import { GraphBuilder, attr } from '../graph-builder';
import { conv, op, prelu } from '../layers';
import type { Srgan2dOptions } from '../types';
import { checkIntOption, type ArchitectureBuild } from './common';

/** Build the SR generator. Default 16 features, 4 residual blocks, one channel. */
export function buildSrgan2d(options: Srgan2dOptions = {}): ArchitectureBuild {
  const f = checkIntOption('srgan2d', 'features', options.features ?? 16, 1, 1024);
  const blocks = checkIntOption('srgan2d', 'residualBlocks', options.residualBlocks ?? 4, 0, 64);
  const inChannels = checkIntOption('srgan2d', 'inChannels', options.inChannels ?? 1, 1, 64);
  const seed = checkIntOption('srgan2d', 'seed', options.seed ?? DEFAULT_MODEL_SEED, 0, 2 ** 32 - 1);
  const rng = createRng(seed);
  const g = new GraphBuilder('srgan2d');
  const inputs = [{ name: 'image', elemType: 'float32', shape: ['batch', inChannels, 'height', 'width'] }] as const;
  const image = g.input(inputs[0]);
  const K3 = [3, 3];
  const head = prelu(g, conv(g, rng, image, { name: 'head.conv', inChannels, outChannels: f, kernel: [9, 9] }), { name: 'head.prelu', channels: f, spatialRank: 2 });
  let x = head;
  for (let b = 0; b < blocks; b++) {
    const a = prelu(g, conv(g, rng, x, { name: `res${b}.conv0`, inChannels: f, outChannels: f, kernel: K3 }), { name: `res${b}.prelu`, channels: f, spatialRank: 2 });
    const c = conv(g, rng, a, { name: `res${b}.conv1`, inChannels: f, outChannels: f, kernel: K3 });
    x = op(g, 'Add', [x, c], `res${b}.add`);
  }
  x = op(g, 'Add', [head, conv(g, rng, x, { name: 'trunk.conv', inChannels: f, outChannels: f, kernel: K3 })], 'trunk.add');
  const up = conv(g, rng, x, { name: 'up.conv', inChannels: f, outChannels: 4 * f, kernel: K3 });
  x = op(g, 'DepthToSpace', [up], 'up.shuffle', { blocksize: attr.int(2), mode: attr.string('CRD') });
  x = prelu(g, x, { name: 'up.prelu', channels: f, spatialRank: 2 });
  const out = conv(g, rng, x, { name: 'tail.conv', inChannels: f, outChannels: inChannels, kernel: [9, 9] });
  g.node('Tanh', [out], {}, { name: 'tail.tanh', outputs: ['sr_image'] });
  const outputs = [{ name: 'sr_image', elemType: 'float32', shape: ['batch', inChannels, 'height_x2', 'width_x2'] }] as const;
  g.output(outputs[0]);
  const config = { features: f, residualBlocks: blocks, inChannels, seed, scale: 2 };
  return {
    task: 'super_resolution',
    bytes: g.encode({ docString: `SRGAN-style x2 generator, ${f} features, ${blocks} residual blocks, seed ${seed}`, metadata: { model: 'srgan2d', config: JSON.stringify(config) } }),
    parameterCount: g.parameterCount,
    inputs,
    outputs,
    spatialMultiple: 1,
    config,
  };
}
