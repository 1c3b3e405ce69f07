import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModel } from './decode';
import { ONNX_MODELS_ERROR_CODES, OnnxModelsError } from './errors';

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('error catalogue', () => {
  it('documents every code in README.md', () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(ONNX_MODELS_ERROR_CODES)) expect(readme, code).toContain(code);
  });

  it('decodeModel of bytes that are not a model: RPERF_ONNX_NOT_ONNX in one line naming the source and what is expected', () => {
    expect(() => decodeModel(new Uint8Array(0), 'empty.onnx')).toThrow(
      expect.objectContaining({
        name: 'OnnxModelsError',
        code: 'RPERF_ONNX_NOT_ONNX',
        message: 'empty.onnx is not an ONNX model (0 bytes decode without an ir_version); expected a serialised onnx.ModelProto (.onnx file)',
      }),
    );
  });

  it('carries its code and message', () => {
    const e = new OnnxModelsError('RPERF_ONNX_NOT_ONNX', 'x is not ONNX');
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.code, e.message]).toEqual(['OnnxModelsError', 'RPERF_ONNX_NOT_ONNX', 'x is not ONNX']);
  });
});
