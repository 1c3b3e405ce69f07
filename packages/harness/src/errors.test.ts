import { describe, expect, it } from 'vitest';
import { sweep } from './define';
import { resolveDevice } from './device';
import { HARNESS_ERROR_CODES, HarnessError, VerifyError, check } from './errors';

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('HarnessError and VerifyError', () => {
  it('carry a code of the catalogue and their message', () => {
    const e = new HarnessError('RPERF_BENCH_LOAD', 'cannot import bench/ct.bench.ts: boom; fix the module');
    expect([e.name, e.code, e.message, e instanceof Error]).toEqual(['HarnessError', 'RPERF_BENCH_LOAD', 'cannot import bench/ct.bench.ts: boom; fix the module', true]);
    expect(() => check(false, 'shape 2x2, expected 4x4')).toThrow(expect.objectContaining({ name: 'VerifyError', code: 'RPERF_VERIFY_FAILED', message: 'shape 2x2, expected 4x4' }));
    expect(() => check(false, 'x')).toThrow(VerifyError);
    expect(Object.keys(HARNESS_ERROR_CODES)).toContain('RPERF_VERIFY_FAILED');
  });

  it('resolveDevice("cuda") on a machine without CUDA: RPERF_DEVICE_UNAVAILABLE in one line, saying why and what to pass instead', () => {
    const noCuda = { available: false, reason: 'no NVIDIA GPU found (nvidia-smi is missing or reports no device)', gpu: null, gpuCount: 0, vramGb: null, driver: null };
    expect(() => resolveDevice('cuda', noCuda)).toThrow(
      expect.objectContaining({
        name: 'HarnessError',
        code: 'RPERF_DEVICE_UNAVAILABLE',
        message: '--device cuda: no NVIDIA GPU found (nvidia-smi is missing or reports no device); use --device cpu or --device auto',
      }),
    );
    expect(resolveDevice('auto', noCuda)).toMatchObject({ resolved: 'cpu' });
  });

  it('sweep with a parameter without values: RPERF_BENCH_INVALID naming the parameter', () => {
    expect(() => sweep({ size: [128], angles: [] }, () => ({}) as never)).toThrow(
      expect.objectContaining({ name: 'HarnessError', code: 'RPERF_BENCH_INVALID', message: 'sweep: parameter "angles" has no values' }),
    );
  });
});
