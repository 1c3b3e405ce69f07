import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { GraphBuilder, attr } from './graph-builder';
import { decodeModel, inspectModel, readFloatInitializer } from './decode';
import { ONNX_IR_VERSION, ONNX_OPSET } from './defaults';

function reluScale(): GraphBuilder {
  const g = new GraphBuilder('relu_scale');
  const x = g.input({ name: 'x', elemType: 'float32', shape: ['n', 4] });
  const s = g.initializer('scale', new Float32Array([1, -2, 0.5, 3]), [4]);
  const y = g.node('Mul', [x, s])[0]!;
  g.node('LeakyRelu', [y], { alpha: attr.float(0.25) }, { outputs: ['y'] });
  g.output({ name: 'y', elemType: 'float32', shape: ['n', 4] });
  return g;
}

describe('GraphBuilder', () => {
  it('encodes a ModelProto that decodes back with IR 8, opset 17, typed attributes and raw little-endian weights', () => {
    const bytes = reluScale().encode({ metadata: { b: '2', a: '1' } });
    const m = decodeModel(bytes);
    expect(Number(m.ir_version)).toBe(ONNX_IR_VERSION);
    expect(m.opset_import.map((o) => [o.domain ?? '', Number(o.version)])).toEqual([['', ONNX_OPSET]]);
    expect(m.metadata_props).toEqual([{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
    const leaky = m.graph.node.find((n) => n.op_type === 'LeakyRelu')!;
    expect(leaky.attribute[0]).toMatchObject({ name: 'alpha', type: 1, f: 0.25 });
    expect(Array.from(readFloatInitializer(bytes, 'scale').data)).toEqual([1, -2, 0.5, 3]);
    const s = inspectModel(bytes);
    expect(s.inputs).toEqual([{ name: 'x', elemType: 'float32', shape: ['n', 4] }]);
    expect(s.initializers).toEqual([{ name: 'scale', dims: [4], elemType: 'float32' }]);
  });

  it('produces a model onnxruntime runs with the expected values', async () => {
    const session = await ort.InferenceSession.create(reluScale().encode());
    const out = await session.run({ x: new ort.Tensor('float32', new Float32Array([1, 1, 1, -1, -4, 2, 2, 2]), [2, 4]) });
    // x * [1,-2,0.5,3], then LeakyRelu(0.25)
    expect(Array.from(out.y!.data as Float32Array)).toEqual([1, -0.5, 0.5, -0.75, -1, -1, 1, 6]);
  });

  it('is deterministic: the same graph gives the same bytes', () => {
    expect(Buffer.from(reluScale().encode()).equals(Buffer.from(reluScale().encode()))).toBe(true);
  });

  it('refuses undefined inputs, duplicate names and a graph without outputs', () => {
    const g = new GraphBuilder('bad');
    g.input({ name: 'x', elemType: 'float32', shape: [1] });
    expect(() => g.node('Relu', ['nope'])).toThrow(expect.objectContaining({ code: 'RPERF_ONNX_GRAPH_INVALID' }));
    expect(() => g.input({ name: 'x', elemType: 'float32', shape: [1] })).toThrow(/already defined/);
    expect(() => g.initializer('w', new Float32Array(3), [2, 2])).toThrow(/has 3 values but dims \[2,2\] need 4/);
    expect(() => g.encode()).toThrow(/no output/);
    expect(() => g.node('Relu', ['x'], { k: attr.ints([1.5]) })).toThrow(expect.objectContaining({ code: 'RPERF_ONNX_INVALID_OPTIONS' }));
  });

  it('writes int64 initializers that onnxruntime reads (Reshape)', async () => {
    const g = new GraphBuilder('reshape');
    const x = g.input({ name: 'x', elemType: 'float32', shape: [2, 3] });
    const shape = g.int64Initializer('shape', [3, 2]);
    g.node('Reshape', [x, shape], {}, { outputs: ['y'] });
    g.output({ name: 'y', elemType: 'float32', shape: [3, 2] });
    const session = await ort.InferenceSession.create(g.encode());
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]) });
    expect(out.y!.dims).toEqual([3, 2]);
  });
});
