/**
 * 3D CenterNet-style detector (Zhou et al. 2019, "Objects as Points", in 3D): a small conv
 * backbone down to stride 2^(levels - 1), then two heads on the last feature map:
 * - `heatmap` [N, classes, d, h, w]: sigmoid centre-ness per class (bias -2.19, a 0.1 prior);
 * - `box_size` [N, 3, d, h, w]: per location the log of the box extent along (z, y, x), in
 *   input voxels divided by the stride: extent = stride * exp(value).
 * with d, h, w = D, H, W / stride.
 */
import { createRng } from '@rhenium-perf/fixtures';
import { DEFAULT_MODEL_SEED, HEATMAP_PRIOR_BIAS } from '../defaults';
import { GraphBuilder } from '../graph-builder';
import { conv, maxPool, op } from '../layers';
import type { Detector3dOptions } from '../types';
import { checkFeatures, checkIntOption, type ArchitectureBuild } from './common';

const K3 = [3, 3, 3] as const;

/** Build the 3D detector. Default backbone 8-16-32 (stride 4), 1 class, heads of 16 channels. */
export function buildDetector3d(options: Detector3dOptions = {}): ArchitectureBuild {
  const features = checkFeatures('detector3d', options.features ?? [8, 16, 32]);
  const inChannels = checkIntOption('detector3d', 'inChannels', options.inChannels ?? 1, 1, 64);
  const classes = checkIntOption('detector3d', 'classes', options.classes ?? 1, 1, 255);
  const head = checkIntOption('detector3d', 'headChannels', options.headChannels ?? 16, 1, 4096);
  const seed = checkIntOption('detector3d', 'seed', options.seed ?? DEFAULT_MODEL_SEED, 0, 2 ** 32 - 1);
  const rng = createRng(seed);
  const g = new GraphBuilder('detector3d');
  const inputs = [{ name: 'image', elemType: 'float32', shape: ['batch', inChannels, 'depth', 'height', 'width'] }] as const;
  let x = g.input(inputs[0]);
  let cin = inChannels;
  features.forEach((f, l) => {
    if (l > 0) x = maxPool(g, x, { name: `backbone${l}.pool`, size: [2, 2, 2] });
    x = op(g, 'Relu', [conv(g, rng, x, { name: `backbone${l}.conv0`, inChannels: cin, outChannels: f, kernel: K3 })], `backbone${l}.relu0`);
    x = op(g, 'Relu', [conv(g, rng, x, { name: `backbone${l}.conv1`, inChannels: f, outChannels: f, kernel: K3 })], `backbone${l}.relu1`);
    cin = f;
  });
  const h = op(g, 'Relu', [conv(g, rng, x, { name: 'heatmap.conv0', inChannels: cin, outChannels: head, kernel: K3 })], 'heatmap.relu0');
  const hLogits = conv(g, rng, h, { name: 'heatmap.conv1', inChannels: head, outChannels: classes, kernel: [1, 1, 1], biasValue: HEATMAP_PRIOR_BIAS });
  g.node('Sigmoid', [hLogits], {}, { name: 'heatmap.sigmoid', outputs: ['heatmap'] });
  const s = op(g, 'Relu', [conv(g, rng, x, { name: 'size.conv0', inChannels: cin, outChannels: head, kernel: K3 })], 'size.relu0');
  g.node('Identity', [conv(g, rng, s, { name: 'size.conv1', inChannels: head, outChannels: 3, kernel: [1, 1, 1] })], {}, { name: 'size.identity', outputs: ['box_size'] });
  const outShape = (c: number): (number | string)[] => ['batch', c, 'out_depth', 'out_height', 'out_width'];
  const outputs = [
    { name: 'heatmap', elemType: 'float32', shape: outShape(classes) },
    { name: 'box_size', elemType: 'float32', shape: outShape(3) },
  ] as const;
  outputs.forEach((o) => g.output(o));
  const stride = 2 ** (features.length - 1);
  const config = { features, inChannels, classes, headChannels: head, seed, stride };
  return {
    task: 'detection',
    bytes: g.encode({ docString: `3D CenterNet-style detector ${features.join('-')}, stride ${stride}, seed ${seed}`, metadata: { model: 'detector3d', config: JSON.stringify(config) } }),
    parameterCount: g.parameterCount,
    inputs,
    outputs,
    spatialMultiple: stride,
    config,
  };
}
