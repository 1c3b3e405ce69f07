import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelCacheDir, modelFile } from './cache';
import { sha256Hex } from './sha256';
import { getModel } from './zoo';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onnx-models-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('modelFile', () => {
  it('writes the model once, named by its sha256, and reuses it', () => {
    const file = modelFile('conv2d', {}, dir);
    const m = getModel('conv2d');
    expect(path.basename(file)).toBe(`conv2d-${m.sha256.slice(0, 16)}.onnx`);
    expect(sha256Hex(fs.readFileSync(file))).toBe(m.sha256);
    const mtime = fs.statSync(file).mtimeMs;
    expect(modelFile('conv2d', {}, dir)).toBe(file);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
  });

  it('refuses a corrupted cached file, naming the fix', () => {
    const file = modelFile('dncnn3d', {}, dir);
    fs.writeFileSync(file, 'garbage');
    expect(() => modelFile('dncnn3d', {}, dir)).toThrow(expect.objectContaining({ code: 'RPERF_ONNX_CACHE_CORRUPT' }));
  });

  it('defaults to a folder under the OS temp dir', () => {
    expect(modelCacheDir().startsWith(os.tmpdir()) || !!process.env.RPERF_ONNX_MODELS_CACHE_DIR).toBe(true);
  });
});
