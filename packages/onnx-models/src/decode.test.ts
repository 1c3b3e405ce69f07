import { describe, expect, it } from 'vitest';
import { createRng } from '@rhenium-perf/fixtures';
import { decodeModel, inspectModel } from './decode';
import { getModel } from './zoo';

describe('inspectModel', () => {
  it('summarises the detector: inputs without initializers, both heads, opset 17', () => {
    const s = inspectModel(getModel('detector3d').bytes);
    expect(s.irVersion).toBe(8);
    expect(s.opsets).toEqual([{ domain: '', version: 17 }]);
    expect(s.graphName).toBe('detector3d');
    expect(s.inputs.map((i) => i.name)).toEqual(['image']);
    expect(s.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['heatmap', ['batch', 1, 'out_depth', 'out_height', 'out_width']],
      ['box_size', ['batch', 3, 'out_depth', 'out_height', 'out_width']],
    ]);
    expect(s.initializers.find((i) => i.name === 'heatmap.conv1.bias')).toEqual({ name: 'heatmap.conv1.bias', dims: [1], elemType: 'float32' });
  });

  it('refuses bytes that are not ONNX with a coded error', () => {
    const text = new TextEncoder().encode('this is a text file, not a model');
    expect(() => decodeModel(text, 'notes.txt')).toThrow(expect.objectContaining({ code: 'RPERF_ONNX_NOT_ONNX' }));
    expect(() => decodeModel(text, 'notes.txt')).toThrow(/notes.txt is not an ONNX model/);
    const noise = new Uint8Array(256);
    const rng = createRng(5);
    for (let i = 0; i < noise.length; i++) noise[i] = rng.int(256);
    expect(() => decodeModel(noise)).toThrow(expect.objectContaining({ code: 'RPERF_ONNX_NOT_ONNX' }));
    expect(() => decodeModel(new Uint8Array(0))).toThrow(expect.objectContaining({ code: 'RPERF_ONNX_NOT_ONNX' }));
  });
});
