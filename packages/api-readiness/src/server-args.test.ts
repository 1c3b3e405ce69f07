import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_HOST,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_MAX_VOXELS,
  DEFAULT_MIN_UPLOAD_BYTES_PER_S,
  DEFAULT_PORT,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_UPLOAD_RATE_WINDOW_MS,
} from './defaults';
import { ApiError } from './errors';
import { resolveServerOptions } from './options';
import { parseServerArgs } from './server-args';

function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return { code: (e as ApiError).code, message: (e as ApiError).message };
  }
  throw new Error('expected an ApiError');
}

describe('server arguments', () => {
  it('defaults: loopback, port 8000, 64 MiB body, 4 in flight', () => {
    const a = parseServerArgs([]);
    expect(a.host).toBe(DEFAULT_HOST);
    expect(a.host).toBe('127.0.0.1');
    expect(a.port).toBe(DEFAULT_PORT);
    expect(a.drainTimeoutMs).toBe(DEFAULT_DRAIN_TIMEOUT_MS);
    expect(a.server).toMatchObject({ bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES, maxInFlight: DEFAULT_MAX_IN_FLIGHT, logger: false });
    expect(DEFAULT_BODY_LIMIT_BYTES).toBe(67_108_864);
  });

  it('reads every option', () => {
    const a = parseServerArgs(['--port', '0', '--host', '::1', '--body-limit-bytes', '1024', '--max-in-flight', '2', '--retry-after', '5', '--threads', '2', '--drain-timeout-ms', '500', '--log']);
    expect(a).toMatchObject({ host: '::1', port: 0, drainTimeoutMs: 500, help: false });
    expect(a.server).toEqual({
      bodyLimitBytes: 1024,
      maxInFlight: 2,
      retryAfterS: 5,
      modelThreads: 2,
      logger: true,
      maxVoxels: DEFAULT_MAX_VOXELS,
      bodyTimeoutMs: DEFAULT_BODY_TIMEOUT_MS,
      minUploadBytesPerS: DEFAULT_MIN_UPLOAD_BYTES_PER_S,
      uploadRateWindowMs: DEFAULT_UPLOAD_RATE_WINDOW_MS,
      requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
    });
    const limits = parseServerArgs(['--max-voxels', '1000', '--body-timeout-ms', '2000', '--min-upload-rate', '0', '--upload-rate-window-ms', '500', '--request-timeout-ms', '0']);
    expect(limits.server).toMatchObject({ maxVoxels: 1000, bodyTimeoutMs: 2000, minUploadBytesPerS: 0, uploadRateWindowMs: 500, requestTimeoutMs: 0 });
    expect(parseServerArgs(['-h']).help).toBe(true);
  });

  it('bad values and unknown options are RPERF_API_INVALID_OPTIONS saying what was received', () => {
    expect(codeOf(() => parseServerArgs(['--port', '70000'])).message).toBe('--port must be an integer in 0..65535, received "70000"');
    expect(codeOf(() => parseServerArgs(['--max-in-flight', '0'])).code).toBe('RPERF_API_INVALID_OPTIONS');
    expect(codeOf(() => parseServerArgs(['--body-limit-bytes', '1e6'])).code).toBe('RPERF_API_INVALID_OPTIONS');
    expect(codeOf(() => parseServerArgs(['--threads', '-1'])).code).toBe('RPERF_API_INVALID_OPTIONS');
    expect(codeOf(() => parseServerArgs(['--bogus'])).message).toMatch(/--bogus.*see --help/);
    expect(codeOf(() => parseServerArgs(['extra'])).code).toBe('RPERF_API_INVALID_OPTIONS');
    expect(codeOf(() => parseServerArgs(['--port', '-1'])).message).toBe('--port needs a value, received "-1" (it starts with a dash, so it reads as an option; write --port=-1 for such a value); see --help');
    expect(codeOf(() => parseServerArgs(['--port'])).message).toBe('--port needs a value; see --help');
    expect(codeOf(() => parseServerArgs(['--log=yes'])).message).toBe('--log takes no value; see --help');
    expect(codeOf(() => parseServerArgs(['extra'])).message).toBe('unexpected argument "extra"; see --help');
    expect(codeOf(() => parseServerArgs(['--bogus'])).message).toBe('unknown option "--bogus"; see --help');
    expect(codeOf(() => parseServerArgs(['--port=-1'])).message).toBe('--port must be an integer in 0..65535, received "-1"');
  });

  it('library options are checked the same way', () => {
    expect(resolveServerOptions({})).toMatchObject({ maxInFlight: 4, loadOn: 'listen', retryAfterS: 1 });
    expect(Object.isFrozen(resolveServerOptions({}))).toBe(true);
    expect(codeOf(() => resolveServerOptions({ maxInFlight: 1.5 })).message).toBe('maxInFlight must be an integer >= 1, received 1.5');
    expect(codeOf(() => resolveServerOptions({ loadOn: 'later' as 'listen' })).code).toBe('RPERF_API_INVALID_OPTIONS');
  });
});
