/**
 * 3D classifier: conv blocks (3x3x3 conv + ReLU + 2x2x2 max-pool), global average pool,
 * one fully connected layer and a softmax.
 *
 * Input `image` [N, C, D, H, W] (each side at least 2^blocks); output `probabilities` [N, classes].
 */
import { createRng } from '@rhenium-perf/fixtures';
import { DEFAULT_MODEL_SEED } from '../defaults';
import { GraphBuilder, attr } from '../graph-builder';
import { conv, gemm, maxPool, op } from '../layers';
import type { Classifier3dOptions } from '../types';
import { checkFeatures, checkIntOption, type ArchitectureBuild } from './common';

/** Build the 3D classifier. Default blocks 8-16-32, one input channel, 3 classes. */
export function buildClassifier3d(options: Classifier3dOptions = {}): ArchitectureBuild {
  const features = checkFeatures('classifier3d', options.features ?? [8, 16, 32]);
  const inChannels = checkIntOption('classifier3d', 'inChannels', options.inChannels ?? 1, 1, 64);
  const classes = checkIntOption('classifier3d', 'classes', options.classes ?? 3, 2, 10_000);
  const seed = checkIntOption('classifier3d', 'seed', options.seed ?? DEFAULT_MODEL_SEED, 0, 2 ** 32 - 1);
  const rng = createRng(seed);
  const g = new GraphBuilder('classifier3d');
  const inputs = [{ name: 'image', elemType: 'float32', shape: ['batch', inChannels, 'depth', 'height', 'width'] }] as const;
  let x = g.input(inputs[0]);
  let cin = inChannels;
  features.forEach((f, l) => {
    x = op(g, 'Relu', [conv(g, rng, x, { name: `block${l}.conv`, inChannels: cin, outChannels: f, kernel: [3, 3, 3] })], `block${l}.relu`);
    x = maxPool(g, x, { name: `block${l}.pool`, size: [2, 2, 2] });
    cin = f;
  });
  x = op(g, 'GlobalAveragePool', [x], 'gap');
  x = op(g, 'Flatten', [x], 'flatten', { axis: attr.int(1) });
  const logits = gemm(g, rng, x, { name: 'fc', inFeatures: cin, outFeatures: classes });
  g.node('Softmax', [logits], { axis: attr.int(1) }, { name: 'softmax', outputs: ['probabilities'] });
  const outputs = [{ name: 'probabilities', elemType: 'float32', shape: ['batch', classes] }] as const;
  g.output(outputs[0]);
  const config = { features, inChannels, classes, seed };
  return {
    task: 'classification',
    bytes: g.encode({ docString: `3D classifier ${features.join('-')}, ${classes} classes, seed ${seed}`, metadata: { model: 'classifier3d', config: JSON.stringify(config) } }),
    parameterCount: g.parameterCount,
    inputs,
    outputs,
    spatialMultiple: 2 ** features.length,
    config,
  };
}
