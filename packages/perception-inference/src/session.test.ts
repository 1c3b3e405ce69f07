import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { getModel } from '@rhenium-perf/onnx-models';
import { cudaStatus, resolveExecutionDevice } from './device';
import { createSession } from './session';

describe('createSession', () => {
  it('reuses one session per model and options, and records sha256, threads and device', async () => {
    const m = getModel('conv2d');
    const a = await createSession(m.bytes, { intraOpThreads: 1 });
    const b = await createSession(m.bytes, { intraOpThreads: 1 });
    const c = await createSession(m.bytes, { intraOpThreads: 2 });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect([a.sha256, a.intraOpThreads, c.intraOpThreads, a.device]).toEqual([m.sha256, 1, 2, 'cpu']);
    expect(a.inputs).toEqual([{ name: 'input', elemType: 'float32', shape: [1, 2, 'height', 'width'] }]);
    const d = await createSession(m.bytes);
    expect(d.intraOpThreads).toBe(os.availableParallelism());
  });

  it('refuses a file that is not ONNX and a missing file, with typed errors', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perception-test-'));
    const bad = path.join(dir, 'notes.onnx');
    fs.writeFileSync(bad, 'this is not a model');
    await expect(createSession(bad)).rejects.toMatchObject({ code: 'RPERF_PERCEPTION_NOT_ONNX', message: expect.stringContaining('notes.onnx is not an ONNX model') });
    await expect(createSession(path.join(dir, 'missing.onnx'))).rejects.toMatchObject({ code: 'RPERF_PERCEPTION_MODEL_UNREADABLE', message: expect.stringContaining('ENOENT') });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('wraps onnxruntime run errors, naming what the model expects', async () => {
    const s = await createSession(getModel('conv2d').bytes, { intraOpThreads: 1 });
    await expect(s.run({ input: new ort.Tensor('float32', new Float32Array(3 * 16), [1, 3, 4, 4]) })).rejects.toMatchObject({
      code: 'RPERF_PERCEPTION_RUN_FAILED',
      message: expect.stringContaining('the model expects input "input" float32 [1, 2, height, width]'),
    });
  });

  it.skipIf(cudaStatus().available)('without CUDA: cuda is a typed error, auto falls back to cpu and says why', async () => {
    expect(() => resolveExecutionDevice('cuda')).toThrow(expect.objectContaining({ code: 'RPERF_DEVICE_UNAVAILABLE' }));
    await expect(createSession(getModel('conv2d').bytes, { device: 'cuda' })).rejects.toMatchObject({ code: 'RPERF_DEVICE_UNAVAILABLE', message: expect.stringContaining('--device cuda') });
    const s = await createSession(getModel('conv2d').bytes, { device: 'auto', intraOpThreads: 1 });
    expect(s.device).toBe('cpu');
    expect(s.deviceReason).toMatch(/^auto: using cpu because /);
  });
});
