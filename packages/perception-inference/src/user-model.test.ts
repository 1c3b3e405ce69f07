import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaseInline } from '@rhenium-perf/harness';
import { benchmarkOnnxModel, parseInputShape, userModelCases } from './user-model';

/**
 * An ONNX model encoded by hand, wire format only (not by this repository's builder):
 * IR 7, opset 13, input x float32 [n, 3, h, w] (dynamic axes), y = Relu(x).
 */
function handEncodedRelu(): Uint8Array {
  const varint = (n: number): number[] => {
    const out: number[] = [];
    while (n > 127) {
      out.push((n & 127) | 128);
      n >>>= 7;
    }
    out.push(n);
    return out;
  };
  const key = (field: number, wire: number): number[] => varint((field << 3) | wire);
  const str = (field: number, s: string): number[] => {
    const b = [...new TextEncoder().encode(s)];
    return [...key(field, 2), ...varint(b.length), ...b];
  };
  const msg = (field: number, body: number[]): number[] => [...key(field, 2), ...varint(body.length), ...body];
  const int = (field: number, v: number): number[] => [...key(field, 0), ...varint(v)];
  const dim = (d: number | string): number[] => msg(1, typeof d === 'number' ? int(1, d) : str(2, d));
  const valueInfo = (field: number, name: string, dims: (number | string)[]): number[] =>
    msg(field, [...str(1, name), ...msg(2, msg(1, [...int(1, 1), ...msg(2, dims.flatMap(dim))]))]);
  const node = msg(1, [...str(1, 'x'), ...str(2, 'y'), ...str(3, 'relu'), ...str(4, 'Relu')]);
  const graph = [...node, ...str(2, 'hand'), ...valueInfo(11, 'x', ['n', 3, 'h', 'w']), ...valueInfo(12, 'y', ['n', 3, 'h', 'w'])];
  return Uint8Array.from([...int(1, 7), ...str(2, 'by-hand'), ...msg(7, graph), ...msg(8, [...str(1, ''), ...int(2, 13)])]);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perception-user-'));
const modelPath = path.join(dir, 'My Relu.onnx');
fs.writeFileSync(modelPath, handEncodedRelu());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bring your own model', () => {
  it('parses --input-shape', () => {
    expect(parseInputShape('1x1x64x64x64')).toEqual([1, 1, 64, 64, 64]);
    expect(parseInputShape('2,3,8,8')).toEqual([2, 3, 8, 8]);
    expect(() => parseInputShape('1x0x4')).toThrow(expect.objectContaining({ code: 'RPERF_PERCEPTION_INVALID_OPTIONS' }));
  });

  it('benchmarks a model the zoo did not build (other encoder, opset 13, dynamic axes)', async () => {
    const r = await benchmarkOnnxModel({ modelPath, inputShape: '2x3x8x8', runs: 3, intraOpThreads: 1 });
    expect(r.feeds).toEqual([{ name: 'x', dims: [2, 3, 8, 8], elemType: 'float32' }]);
    expect(r.outputs).toEqual([{ name: 'y', dims: [2, 3, 8, 8], elemType: 'float32' }]);
    expect(r.samplesMs).toHaveLength(3);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('makes a bench case that passes inline', async () => {
    const cases = userModelCases(modelPath, '1x3x16x16');
    expect(cases.map((c) => c.id)).toEqual(['perception_user_model_my_relu']);
    expect(cases[0]!.inputShape).toEqual([1, 3, 16, 16]);
    const res = await runCaseInline(cases[0]!, { mode: 'smoke' });
    expect(res.state, res.error ?? '').toBe('passed');
    expect(res.metadata).toMatchObject({ intra_op_threads: os.availableParallelism(), feed_shapes: { x: [1, 3, 16, 16] }, reference_check: 'compared' });
    // Relu is exact in float32: onnxruntime and the TypeScript reference agree bit for bit.
    expect(res.quality.max_scaled_err_vs_reference!.value).toBe(0);
  });

  it('refuses shapes that do not fit, naming the expected inputs', () => {
    const expected = 'input "x" float32 [n, 3, h, w]';
    expect(() => userModelCases(modelPath)).toThrow(expect.objectContaining({ code: 'RPERF_PERCEPTION_INPUT_MISMATCH', message: expect.stringContaining(`${expected}; "x" has dynamic dims (n, h, w): give them with --input-shape, e.g. 1x3x64x64`) }));
    expect(() => userModelCases(modelPath, '1x1x64x64x64')).toThrow(expect.objectContaining({ message: expect.stringContaining(`expects ${expected}; --input-shape 1x1x64x64x64 does not fit "x": rank 5, expected rank 4`) }));
    expect(() => userModelCases(modelPath, '1x2x16x16')).toThrow(expect.objectContaining({ message: expect.stringContaining('dim 1 is 2, expected 3') }));
  });

  it('refuses a file that is not ONNX and a missing file', () => {
    const txt = path.join(dir, 'readme.onnx');
    fs.writeFileSync(txt, '# not a model\n');
    expect(() => userModelCases(txt)).toThrow(expect.objectContaining({ code: 'RPERF_PERCEPTION_NOT_ONNX' }));
    expect(() => userModelCases(path.join(dir, 'nope.onnx'))).toThrow(expect.objectContaining({ code: 'RPERF_PERCEPTION_MODEL_UNREADABLE' }));
  });
});
