import { describe, expect, it } from 'vitest';
import { sweep } from './define';
import { resolveDevice } from './device';
import { HARNESS_ERROR_CODES, HarnessError, VerifyError, check } from './errors';

function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected an error, nothing was thrown');
}

describe('HARNESS_ERROR_CODES', () => {
  it('RPERF_ codes, each with a one-line meaning; frozen', () => {
    expect(Object.isFrozen(HARNESS_ERROR_CODES)).toBe(true);
    for (const [code, meaning] of Object.entries(HARNESS_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_[A-Z0-9_]*[A-Z0-9]$/);
      expect(meaning.trim(), code).not.toBe('');
      expect(meaning, code).not.toMatch(/[\r\n]/);
    }
  });

  it('HarnessError and VerifyError carry a code of the catalogue and their message', () => {
    const e = new HarnessError('RPERF_BENCH_LOAD', 'cannot import bench/ct.bench.ts: boom; fix the module');
    expect([e.name, e.code, e.message, e instanceof Error]).toEqual(['HarnessError', 'RPERF_BENCH_LOAD', 'cannot import bench/ct.bench.ts: boom; fix the module', true]);
    const v = thrown(() => check(false, 'shape 2x2, expected 4x4'));
    expect(v).toBeInstanceOf(VerifyError);
    expect([v.code, v.message]).toEqual(['RPERF_VERIFY_FAILED', 'shape 2x2, expected 4x4']);
    expect(Object.keys(HARNESS_ERROR_CODES)).toContain(v.code);
  });

  it('resolveDevice("cuda") on a machine without CUDA: RPERF_DEVICE_UNAVAILABLE in one line, saying why and what to pass instead', () => {
    const noCuda = { available: false, reason: 'no NVIDIA GPU found (nvidia-smi is missing or reports no device)', gpu: null, gpuCount: 0, vramGb: null, driver: null };
    const e = thrown(() => resolveDevice('cuda', noCuda));
    expect(e).toBeInstanceOf(HarnessError);
    expect(e.code).toBe('RPERF_DEVICE_UNAVAILABLE');
    expect(e.message).toBe('--device cuda: no NVIDIA GPU found (nvidia-smi is missing or reports no device); use --device cpu or --device auto');
    expect(resolveDevice('auto', noCuda)).toMatchObject({ resolved: 'cpu' });
  });

  it('sweep with a parameter without values: RPERF_BENCH_INVALID naming the parameter', () => {
    const e = thrown(() => sweep({ size: [128], angles: [] }, () => ({}) as never));
    expect(e).toBeInstanceOf(HarnessError);
    expect(e.code).toBe('RPERF_BENCH_INVALID');
    expect(e.message).toBe('sweep: parameter "angles" has no values');
  });
});
