import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { countFlops } from './flops';
import { GraphBuilder, attr } from './graph-builder';
import { getModel } from './zoo';

/**
 * x [1, 2, 5, 6] -> Conv 3x3, 3 filters, pads 1 -> [1, 3, 5, 6]
 *   -> MaxPool 2x2 stride 2 -> [1, 3, 2, 3] -> Flatten -> [1, 18] -> Gemm with W [4, 18] (transB) -> [1, 4]
 * By hand: Conv MACs = N·O·(5·6)·C·(3·3) = 1·3·30·2·9 = 1620; Gemm MACs = M·N·K = 1·4·18 = 72;
 * FLOPs = 2 · (1620 + 72) = 3384.
 */
function tinyNet(): Uint8Array {
  const g = new GraphBuilder('tiny');
  const x = g.input({ name: 'x', elemType: 'float32', shape: [1, 2, 5, 6] });
  const w = g.initializer('w', new Float32Array(3 * 2 * 9).fill(0.1), [3, 2, 3, 3]);
  const b = g.initializer('b', new Float32Array(3), [3]);
  const c = g.node('Conv', [x, w, b], { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]) })[0]!;
  const r = g.node('Relu', [c])[0]!;
  const p = g.node('MaxPool', [r], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) })[0]!;
  const f = g.node('Flatten', [p], { axis: attr.int(1) })[0]!;
  const fw = g.initializer('fw', new Float32Array(4 * 18).fill(0.01), [4, 18]);
  const fb = g.initializer('fb', new Float32Array(4), [4]);
  g.node('Gemm', [f, fw, fb], { transB: attr.int(1) }, { outputs: ['y'] });
  g.output({ name: 'y', elemType: 'float32', shape: [1, 4] });
  return g.encode();
}

describe('countFlops', () => {
  it('counts a tiny conv + gemm graph as computed by hand', () => {
    const c = countFlops(tinyNet(), { x: [1, 2, 5, 6] });
    expect(c.macsByOp).toEqual({ Conv: 1620, ConvTranspose: 0, Gemm: 72, MatMul: 0 });
    expect(c.macs).toBe(1692);
    expect(c.flops).toBe(3384);
    expect(c.outputDims).toEqual({ y: [1, 4] });
  });

  it('counts a strided, dilated, grouped conv and a transposed conv by hand', () => {
    const g = new GraphBuilder('strided');
    const x = g.input({ name: 'x', elemType: 'float32', shape: [2, 4, 9, 9] });
    const w = g.initializer('w', new Float32Array(6 * 2 * 9), [6, 2, 3, 3]);
    // out = floor((9 + 1 + 1 - 2·2 - 1) / 2) + 1 = 4 per axis; MACs = 2·6·16·(4/2)·9 = 3456
    const c = g.node('Conv', [x, w], { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]), strides: attr.ints([2, 2]), dilations: attr.ints([2, 2]), group: attr.int(2) })[0]!;
    const wt = g.initializer('wt', new Float32Array(6 * 5 * 4), [6, 5, 2, 2]);
    // out = 2·(4 - 1) + 2 = 8 per axis; MACs = N·C·in·O·k = 2·6·16·5·4 = 3840
    g.node('ConvTranspose', [c, wt], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) }, { outputs: ['y'] });
    g.output({ name: 'y', elemType: 'float32', shape: [2, 5, 8, 8] });
    const n = countFlops(g.encode(), { x: [2, 4, 9, 9] });
    expect(n.macsByOp.Conv).toBe(3456);
    expect(n.macsByOp.ConvTranspose).toBe(3840);
    expect(n.flops).toBe(2 * (3456 + 3840));
    expect(n.outputDims.y).toEqual([2, 5, 8, 8]);
  });

  it("propagates every zoo network's output shape as onnxruntime computes it", async () => {
    const cases = [
      { name: 'unet3d', input: [1, 1, 8, 16, 16] },
      { name: 'detector3d', input: [1, 1, 8, 16, 16] },
      { name: 'srgan2d', input: [1, 1, 12, 12] },
      { name: 'dncnn2d', input: [1, 1, 12, 20] },
      { name: 'classifier3d', input: [1, 1, 8, 16, 16] },
    ] as const;
    for (const c of cases) {
      const m = getModel(c.name);
      const inputName = m.inputs[0]!.name;
      const counted = countFlops(m.bytes, { [inputName]: c.input });
      expect(counted.flops).toBeGreaterThan(0);
      const session = await ort.InferenceSession.create(m.bytes);
      const out = await session.run({ [inputName]: new ort.Tensor('float32', new Float32Array(c.input.reduce((a: number, b: number) => a * b, 1)), [...c.input]) });
      for (const [k, t] of Object.entries(out)) expect([c.name, k, counted.outputDims[k]]).toEqual([c.name, k, t.dims]);
      await session.release();
    }
  });

  it('refuses an operator it has no shape rule for, and a missing input', () => {
    const g = new GraphBuilder('reshape');
    const x = g.input({ name: 'x', elemType: 'float32', shape: [2, 3] });
    const s = g.int64Initializer('shape', [3, 2]);
    g.node('Reshape', [x, s], {}, { outputs: ['y'] });
    g.output({ name: 'y', elemType: 'float32', shape: [3, 2] });
    expect(() => countFlops(g.encode(), { x: [2, 3] })).toThrow(expect.objectContaining({ code: 'RPERF_ONNX_SHAPE_UNSUPPORTED' }));
    expect(() => countFlops(tinyNet(), {})).toThrow(/no dims for graph input "x"/);
  });
});
