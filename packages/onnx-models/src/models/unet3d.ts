/**
 * 3D U-Net (Çiçek et al. 2016, reduced): per level two 3x3x3 conv + ReLU; 2x2x2 max-pool
 * down; 2x2x2 transposed conv up; skip concatenation; a 1x1x1 conv to the classes and a
 * softmax over the class axis.
 *
 * Input `image` [N, C, D, H, W] with D, H, W multiples of 2^(levels - 1); output
 * `probabilities` [N, classes, D, H, W].
 */
import { createRng } from '@rhenium-perf/fixtures';
import { DEFAULT_MODEL_SEED } from '../defaults';
import { GraphBuilder, attr } from '../graph-builder';
import { conv, convTranspose, maxPool, op } from '../layers';
import type { UNet3dOptions } from '../types';
import { checkFeatures, checkIntOption, type ArchitectureBuild } from './common';

const K3 = [3, 3, 3] as const;
const S2 = [2, 2, 2] as const;

/** Build the 3D U-Net. Default features 8-16-32-64, one input channel, 4 classes. */
export function buildUNet3d(options: UNet3dOptions = {}): ArchitectureBuild {
  const features = checkFeatures('unet3d', options.features ?? [8, 16, 32, 64], 2);
  const inChannels = checkIntOption('unet3d', 'inChannels', options.inChannels ?? 1, 1, 64);
  const classes = checkIntOption('unet3d', 'classes', options.classes ?? 4, 2, 255);
  const seed = checkIntOption('unet3d', 'seed', options.seed ?? DEFAULT_MODEL_SEED, 0, 2 ** 32 - 1);
  const rng = createRng(seed);
  const g = new GraphBuilder('unet3d');
  const image = g.input({ name: 'image', elemType: 'float32', shape: ['batch', inChannels, 'depth', 'height', 'width'] });

  const doubleConv = (x: string, name: string, cin: number, cout: number): string => {
    const a = op(g, 'Relu', [conv(g, rng, x, { name: `${name}.conv0`, inChannels: cin, outChannels: cout, kernel: K3 })], `${name}.relu0`);
    return op(g, 'Relu', [conv(g, rng, a, { name: `${name}.conv1`, inChannels: cout, outChannels: cout, kernel: K3 })], `${name}.relu1`);
  };

  const skips: string[] = [];
  let x = image;
  let cin = inChannels;
  for (let l = 0; l < features.length; l++) {
    x = doubleConv(x, l === features.length - 1 ? 'bottleneck' : `enc${l}`, cin, features[l]!);
    cin = features[l]!;
    if (l < features.length - 1) {
      skips.push(x);
      x = maxPool(g, x, { name: `enc${l}.pool`, size: S2 });
    }
  }
  for (let l = features.length - 2; l >= 0; l--) {
    const up = convTranspose(g, rng, x, { name: `dec${l}.up`, inChannels: cin, outChannels: features[l]!, stride: S2 });
    const cat = op(g, 'Concat', [skips[l]!, up], `dec${l}.concat`, { axis: attr.int(1) });
    x = doubleConv(cat, `dec${l}`, 2 * features[l]!, features[l]!);
    cin = features[l]!;
  }
  const logits = conv(g, rng, x, { name: 'head', inChannels: cin, outChannels: classes, kernel: [1, 1, 1] });
  g.node('Softmax', [logits], { axis: attr.int(1) }, { name: 'softmax', outputs: ['probabilities'] });
  const outputs = [{ name: 'probabilities', elemType: 'float32', shape: ['batch', classes, 'depth', 'height', 'width'] }] as const;
  g.output(outputs[0]);
  const config = { features, inChannels, classes, seed };
  return {
    task: 'segmentation',
    bytes: g.encode({ docString: `3D U-Net ${features.join('-')}, ${classes} classes, seed ${seed}`, metadata: { model: 'unet3d', config: JSON.stringify(config) } }),
    parameterCount: g.parameterCount,
    inputs: [{ name: 'image', elemType: 'float32', shape: ['batch', inChannels, 'depth', 'height', 'width'] }],
    outputs,
    spatialMultiple: 2 ** (features.length - 1),
    config,
  };
}
