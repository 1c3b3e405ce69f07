import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModel } from './decode';
import { ONNX_MODELS_ERROR_CODES, OnnxModelsError } from './errors';

describe('error catalogue', () => {
  it('documents every code in README.md', () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [code, description] of Object.entries(ONNX_MODELS_ERROR_CODES)) {
      expect(readme, code).toContain(code);
      expect(description.length).toBeGreaterThan(10);
    }
  });

  it('ONNX_MODELS_ERROR_CODES: RPERF_ONNX_ codes, each with a one-line meaning; frozen', () => {
    expect(Object.isFrozen(ONNX_MODELS_ERROR_CODES)).toBe(true);
    for (const [code, meaning] of Object.entries(ONNX_MODELS_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_ONNX_[A-Z0-9_]*[A-Z0-9]$/);
      expect(meaning, code).not.toMatch(/[\r\n]/);
    }
  });

  it('decodeModel of bytes that are not a model: RPERF_ONNX_NOT_ONNX in one line naming the source and what is expected', () => {
    let err: unknown;
    try {
      decodeModel(new Uint8Array(0), 'empty.onnx');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OnnxModelsError);
    const e = err as OnnxModelsError;
    expect(e.code).toBe('RPERF_ONNX_NOT_ONNX');
    expect(e.message).toBe('empty.onnx is not an ONNX model (0 bytes decode without an ir_version); expected a serialised onnx.ModelProto (.onnx file)');
  });

  it('carries its code and message', () => {
    const e = new OnnxModelsError('RPERF_ONNX_NOT_ONNX', 'x is not ONNX');
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.code, e.message]).toEqual(['OnnxModelsError', 'RPERF_ONNX_NOT_ONNX', 'x is not ONNX']);
  });
});
