import { describe, expect, it } from 'vitest';
import { activationReference, preluReference, softmaxReference } from './activation-reference';
import { binaryReference, broadcastShape } from './broadcast-reference';
import { convReference } from './conv-reference';
import { convTransposeReference } from './conv-transpose-reference';
import { gemmReference } from './gemm-reference';
import { concatReference, depthToSpaceReference } from './layout-reference';
import { globalAveragePoolReference, maxPoolReference } from './pool-reference';

/** Hand-computed values of every reference kernel (each from its ONNX definition). */
describe('reference kernels on hand-computed cases', () => {
  it('Conv with stride 2: 1D [1, 2, 3, 4, 5], kernel [1, 1, 1], pad 1 -> [3, 9, 9]', () => {
    // windows (0,1,2)=0+1+2=3, (2,3,4)=2+3+4=9, (4,5,pad)=4+5+0=9
    const out = convReference(new Float64Array([1, 2, 3, 4, 5]), new Float32Array([1, 1, 1]), new Float32Array([0]), { input: [1, 1, 1, 5], weight: [1, 1, 1, 1, 3], pad: [0, 0, 1], strides: [1, 1, 2] }, new Float64Array(3));
    expect(Array.from(out)).toEqual([3, 9, 9]);
  });

  it('ConvTranspose kernel = stride 2 scatters one tap per input, plus bias', () => {
    const out = convTransposeReference(new Float64Array([1, 2]), new Float32Array([1, 10]), new Float32Array([0.5]), { input: [1, 1, 1, 2], weight: [1, 1, 1, 1, 2], strides: [1, 1, 2] }, new Float64Array(4));
    expect(Array.from(out)).toEqual([1.5, 10.5, 2.5, 20.5]);
    // Overlapping taps (kernel 3, stride 1) add: [1, 2] * [1, 1, 1] -> [1, 3, 3, 2]
    const o2 = convTransposeReference(new Float64Array([1, 2]), new Float32Array([1, 1, 1]), new Float32Array([0]), { input: [1, 1, 1, 2], weight: [1, 1, 1, 1, 3], strides: [1, 1, 1] }, new Float64Array(4));
    expect(Array.from(o2)).toEqual([1, 3, 3, 2]);
  });

  it('MaxPool 2x2 stride 2 drops the odd remainder; GlobalAveragePool is the channel mean', () => {
    // 2 x 3 input [[1, 5, 9], [2, 3, 0]] -> one window (cols 0-1): max 5
    expect(Array.from(maxPoolReference(new Float64Array([1, 5, 9, 2, 3, 0]), [1, 1, 2, 3], [1, 2, 2], [1, 2, 2], new Float64Array(1)))).toEqual([5]);
    expect(Array.from(globalAveragePoolReference(new Float64Array([1, 3, 10, 20]), 2, 2, new Float64Array(2)))).toEqual([2, 15]);
  });

  it('activations: Relu, LeakyRelu, Sigmoid(0) = 0.5, Tanh(atanh 0.5) = 0.5, PRelu per channel', () => {
    expect(Array.from(activationReference('Relu', new Float64Array([-1, 0, 2]), new Float64Array(3)))).toEqual([0, 0, 2]);
    expect(Array.from(activationReference('LeakyRelu', new Float64Array([-2, 3]), new Float64Array(2), 0.1))).toEqual([-0.2, 3]);
    expect(activationReference('Sigmoid', new Float64Array([0]), new Float64Array(1))[0]).toBe(0.5);
    expect(activationReference('Tanh', new Float64Array([Math.atanh(0.5)]), new Float64Array(1))[0]).toBeCloseTo(0.5, 15);
    expect(Array.from(preluReference(new Float64Array([-1, 1, -1, 1]), new Float32Array([0.5, 2]), 2, 2, new Float64Array(4)))).toEqual([-0.5, 1, -2, 1]);
  });

  it('Softmax over the middle axis: [0, ln 3] -> [1/4, 3/4], per inner position', () => {
    const out = softmaxReference(new Float64Array([0, 0, Math.log(3), 0]), 1, 2, 2, new Float64Array(4));
    // inner 0: [0, ln 3] -> [0.25, 0.75]; inner 1: [0, 0] -> [0.5, 0.5]
    [0.25, 0.5, 0.75, 0.5].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 15));
  });

  it('binary ops broadcast numpy-style and refuse incompatible shapes', () => {
    expect(binaryReference('Sub', new Float64Array([5, 6, 7, 8]), [2, 2], new Float64Array([1, 2]), [2, 1])).toEqual({ data: new Float64Array([4, 5, 5, 6]), dims: [2, 2] });
    expect(binaryReference('Add', new Float64Array([1, 2, 3]), [1, 3], new Float64Array([10, 20]), [2, 1]).data).toEqual(new Float64Array([11, 12, 13, 21, 22, 23]));
    expect(binaryReference('Mul', new Float64Array([2]), [], new Float64Array([1, 2]), [2]).data).toEqual(new Float64Array([2, 4]));
    expect(() => broadcastShape([2, 3], [2])).toThrow(/do not broadcast/);
  });

  it('Concat along axis 1 and DepthToSpace CRD vs DCR', () => {
    const c = concatReference([{ data: new Float64Array([1, 2, 3, 4]), dims: [2, 2] }, { data: new Float64Array([9, 8]), dims: [2, 1] }], 1);
    expect(c).toEqual({ data: new Float64Array([1, 2, 9, 3, 4, 8]), dims: [2, 3] });
    // [1, 8, 1, 1] (C = 2, b = 2): CRD takes channels 0-3 for output channel 0; DCR interleaves.
    const x = new Float64Array([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(depthToSpaceReference(x, [1, 8, 1, 1], 2, 'CRD').data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(depthToSpaceReference(x, [1, 8, 1, 1], 2, 'DCR').data)).toEqual([0, 2, 4, 6, 1, 3, 5, 7]);
    // CRD on 2x2 spatial, C = 1: out[2h + i, 2w + j] = in[2i + j, h, w]
    const y = depthToSpaceReference(new Float64Array([1, 2, 3, 4, 10, 20, 30, 40, 100, 200, 300, 400, 5, 6, 7, 8]), [1, 4, 2, 2], 2, 'CRD');
    expect(y.dims).toEqual([1, 1, 4, 4]);
    expect(Array.from(y.data)).toEqual([1, 10, 2, 20, 100, 5, 200, 6, 3, 30, 4, 40, 300, 7, 400, 8]);
  });

  it('Gemm with transB and a bias row: [1, 2] x [[3, 4], [5, 6]]^T + [10, 20] = [21, 37]', () => {
    expect(gemmReference(new Float64Array([1, 2]), [1, 2], new Float32Array([3, 4, 5, 6]), [2, 2], new Float32Array([10, 20]), { transB: true })).toEqual({ data: new Float64Array([21, 37]), dims: [1, 2] });
    // transA, alpha 2, beta 0.5, scalar C: A^T = [[1, 2]] from A = [[1], [2]]; 2 * (1*3 + 2*5) + 0.5 * 4 = 28
    expect(gemmReference(new Float64Array([1, 2]), [2, 1], new Float64Array([3, 4, 5, 6]), [2, 2], new Float64Array([4]), { transA: true, alpha: 2, beta: 0.5 }).data[0]).toBe(28);
  });
});
