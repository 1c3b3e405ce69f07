import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builderFingerprint, readStoredModel, recipeKey, storeModel } from './model-store';
import { sha256Hex } from './sha256';
import { buildModel, clearModelCache, getModel, isZooModel } from './zoo';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onnx-model-store-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the persistent model store', () => {
  it('keys a recipe by name, options (any key order) and builder code', () => {
    expect(builderFingerprint()).toMatch(/^[0-9a-f]{64}$/);
    expect(recipeKey('conv3d', { seed: 1, inChannels: 2 })).toBe(recipeKey('conv3d', { inChannels: 2, seed: 1 }));
    expect(recipeKey('conv3d', { seed: 1 })).not.toBe(recipeKey('conv3d', { seed: 2 }));
    expect(recipeKey('conv3d', {})).not.toBe(recipeKey('conv2d', {}));
  });

  it('returns the stored model with the same bytes and descriptor as a fresh build', () => {
    expect(readStoredModel('dncnn2d', { seed: 7 }, dir)).toBeNull();
    const built = buildModel('dncnn2d', { seed: 7 });
    expect(storeModel(built, { seed: 7 }, dir)).toBe(true);
    const back = readStoredModel('dncnn2d', { seed: 7 }, dir)!;
    expect(back).not.toBeNull();
    expect(sha256Hex(back.bytes)).toBe(built.sha256);
    expect(Buffer.from(back.bytes).equals(Buffer.from(built.bytes))).toBe(true);
    const { bytes: _a, ...want } = built;
    const { bytes: _b, ...got } = back;
    expect(got).toEqual(want);
    // Another recipe is not served this model.
    expect(readStoredModel('dncnn2d', { seed: 8 }, dir)).toBeNull();
  });

  it('ignores an entry whose bytes do not have the stored sha256 (then the caller rebuilds)', () => {
    const built = buildModel('conv2d', { seed: 3 });
    storeModel(built, { seed: 3 }, dir);
    const onnx = path.join(dir, `conv2d-${built.sha256.slice(0, 16)}.onnx`);
    fs.writeFileSync(onnx, 'garbage');
    expect(readStoredModel('conv2d', { seed: 3 }, dir)).toBeNull();
    expect(storeModel(built, { seed: 3 }, dir)).toBe(true);
    expect(sha256Hex(fs.readFileSync(onnx))).toBe(built.sha256);
  });

  it('reports a folder it cannot write instead of throwing', () => {
    const file = path.join(dir, 'not-a-folder');
    fs.writeFileSync(file, '');
    expect(storeModel(buildModel('conv2d'), {}, path.join(file, 'sub'))).toBe(false);
  });
});

describe('getModel with the store', () => {
  it('stores a model on first build and serves the same bytes to the next process (memory cleared)', () => {
    const prev = process.env.RPERF_ONNX_MODELS_CACHE_DIR;
    const storeDir = fs.mkdtempSync(path.join(dir, 'zoo-'));
    process.env.RPERF_ONNX_MODELS_CACHE_DIR = storeDir;
    try {
      clearModelCache();
      const first = getModel('classifier3d', { seed: 11 });
      expect(fs.readdirSync(storeDir).sort()).toEqual([`classifier3d-${first.sha256.slice(0, 16)}.onnx`, `classifier3d-${recipeKey('classifier3d', { seed: 11 }).slice(0, 16)}.json`].sort());
      clearModelCache();
      const again = getModel('classifier3d', { seed: 11 });
      expect(again).not.toBe(first);
      expect(again.sha256).toBe(first.sha256);
      expect(again.parameterCount).toBe(first.parameterCount);
      expect(isZooModel(again.sha256)).toBe(true);
      expect(isZooModel(sha256Hex(new Uint8Array([1, 2, 3])))).toBe(false);
    } finally {
      if (prev === undefined) delete process.env.RPERF_ONNX_MODELS_CACHE_DIR;
      else process.env.RPERF_ONNX_MODELS_CACHE_DIR = prev;
      clearModelCache();
    }
  });
});

describe('the store folder', () => {
  it('is not used when others can write it (a planted descriptor must not be trusted)', () => {
    const shared = fs.mkdtempSync(path.join(dir, 'shared-'));
    fs.chmodSync(shared, 0o777);
    const built = buildModel('conv2d', { seed: 5 });
    expect(storeModel(built, { seed: 5 }, shared)).toBe(false);
    fs.chmodSync(shared, 0o700);
    expect(storeModel(built, { seed: 5 }, shared)).toBe(true);
    expect(readStoredModel('conv2d', { seed: 5 }, shared)?.sha256).toBe(built.sha256);
    fs.chmodSync(shared, 0o777);
    expect(readStoredModel('conv2d', { seed: 5 }, shared)).toBeNull();
  });
});
