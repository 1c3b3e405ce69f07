import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ONNX_MODELS_ERROR_CODES, OnnxModelsError } from './errors';

describe('error catalogue', () => {
  it('documents every code in README.md', () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [code, description] of Object.entries(ONNX_MODELS_ERROR_CODES)) {
      expect(readme, code).toContain(code);
      expect(description.length).toBeGreaterThan(10);
    }
  });

  it('carries its code and message', () => {
    const e = new OnnxModelsError('RPERF_ONNX_NOT_ONNX', 'x is not ONNX');
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.code, e.message]).toEqual(['OnnxModelsError', 'RPERF_ONNX_NOT_ONNX', 'x is not ONNX']);
  });
});
