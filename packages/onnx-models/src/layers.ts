/**
 * Neural-network layers on a GraphBuilder, with seeded He-initialised weights.
 *
 * Each layer takes the value it reads and returns the value it writes; channel counts are
 * passed explicitly (the builder does no shape inference). Spatial rank (2 or 3) follows
 * from the length of `kernel`.
 */
import type { Rng } from '@rhenium-perf/fixtures';
import { OnnxModelsError } from './errors';
import { attr, type GraphBuilder } from './graph-builder';
import { biasUniform, heUniform } from './init';

/** Options of `conv`. */
export interface ConvOptions {
  name: string;
  inChannels: number;
  outChannels: number;
  /** Kernel size per spatial axis; its length (2 or 3) is the spatial rank. */
  kernel: readonly number[];
  /** Symmetric zero padding per axis (default: kernel / 2, "same" for odd kernels). */
  pad?: readonly number[];
  strides?: readonly number[];
  /** Constant bias instead of the default U(-1/sqrt(fan_in), ...) (e.g. CenterNet's heat-map prior). */
  biasValue?: number;
}

const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

function checkChannels(where: string, ...xs: number[]): void {
  for (const x of xs) {
    if (!Number.isInteger(x) || x < 1) throw new OnnxModelsError('RPERF_ONNX_INVALID_OPTIONS', `${where}: channel counts must be positive integers, received ${x}`);
  }
}

/**
 * Convolution with He-uniform weights [O, C, ...kernel] and a bias.
 * @example conv(g, rng, x, { name: 'enc0.conv0', inChannels: 1, outChannels: 8, kernel: [3, 3, 3] })
 */
export function conv(g: GraphBuilder, rng: Rng, x: string, o: ConvOptions): string {
  checkChannels(o.name, o.inChannels, o.outChannels, ...o.kernel);
  const fanIn = o.inChannels * prod(o.kernel);
  const w = heUniform(rng, new Float32Array(o.outChannels * fanIn), fanIn);
  const b = o.biasValue === undefined ? biasUniform(rng, new Float32Array(o.outChannels), fanIn) : new Float32Array(o.outChannels).fill(o.biasValue);
  const wn = g.initializer(`${o.name}.weight`, w, [o.outChannels, o.inChannels, ...o.kernel]);
  const bn = g.initializer(`${o.name}.bias`, b, [o.outChannels]);
  const pad = o.pad ?? o.kernel.map((k) => Math.floor(k / 2));
  return g.node(
    'Conv',
    [x, wn, bn],
    {
      kernel_shape: attr.ints(o.kernel),
      pads: attr.ints([...pad, ...pad]),
      strides: attr.ints(o.strides ?? o.kernel.map(() => 1)),
    },
    { name: o.name },
  )[0]!;
}

/**
 * Transposed convolution with kernel = stride (the U-Net's learned upsampling by `stride`).
 * NOTE: fan_in is C_in (not C_in * k^d): with kernel = stride every output voxel receives
 * exactly one tap per input channel, so that is its number of inputs for He's variance.
 */
export function convTranspose(
  g: GraphBuilder,
  rng: Rng,
  x: string,
  o: { name: string; inChannels: number; outChannels: number; stride: readonly number[] },
): string {
  checkChannels(o.name, o.inChannels, o.outChannels, ...o.stride);
  const fanIn = o.inChannels;
  const w = heUniform(rng, new Float32Array(o.inChannels * o.outChannels * prod(o.stride)), fanIn);
  const b = biasUniform(rng, new Float32Array(o.outChannels), fanIn);
  const wn = g.initializer(`${o.name}.weight`, w, [o.inChannels, o.outChannels, ...o.stride]);
  const bn = g.initializer(`${o.name}.bias`, b, [o.outChannels]);
  return g.node('ConvTranspose', [x, wn, bn], { kernel_shape: attr.ints(o.stride), strides: attr.ints(o.stride) }, { name: o.name })[0]!;
}

/** Fully connected layer y = x W^T + b on a [N, inFeatures] input (ONNX Gemm, transB = 1). */
export function gemm(g: GraphBuilder, rng: Rng, x: string, o: { name: string; inFeatures: number; outFeatures: number }): string {
  checkChannels(o.name, o.inFeatures, o.outFeatures);
  const w = heUniform(rng, new Float32Array(o.inFeatures * o.outFeatures), o.inFeatures);
  const b = biasUniform(rng, new Float32Array(o.outFeatures), o.inFeatures);
  const wn = g.initializer(`${o.name}.weight`, w, [o.outFeatures, o.inFeatures]);
  const bn = g.initializer(`${o.name}.bias`, b, [o.outFeatures]);
  return g.node('Gemm', [x, wn, bn], { transB: attr.int(1) }, { name: o.name })[0]!;
}

/** Parametric ReLU with one slope per channel, initialised to 0.25 (SRGAN's choice). */
export function prelu(g: GraphBuilder, x: string, o: { name: string; channels: number; spatialRank: number }): string {
  const slope = g.initializer(`${o.name}.slope`, new Float32Array(o.channels).fill(0.25), [o.channels, ...Array<number>(o.spatialRank).fill(1)]);
  return g.node('PRelu', [x, slope], {}, { name: o.name })[0]!;
}

/** Max pooling with kernel = stride. */
export function maxPool(g: GraphBuilder, x: string, o: { name: string; size: readonly number[] }): string {
  return g.node('MaxPool', [x], { kernel_shape: attr.ints(o.size), strides: attr.ints(o.size) }, { name: o.name })[0]!;
}

/** An operator without weights or with only attributes: Relu, Sigmoid, Tanh, Add, Concat... */
export function op(g: GraphBuilder, opType: string, inputs: readonly string[], name: string, attributes: Parameters<GraphBuilder['node']>[2] = {}): string {
  return g.node(opType, inputs, attributes, { name })[0]!;
}
