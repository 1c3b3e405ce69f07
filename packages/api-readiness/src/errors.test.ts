import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES, API_ERROR_STATUS, ApiError, type ApiErrorCode } from './errors';
import { IoError } from '@rhenium-perf/io-parsing';
import { clientErrorOf } from './client-error';
import { resolveServerOptions } from './options';
import { problemOf, problemType, toApiError } from './problem';

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('error catalogue', () => {
  it('resolveServerOptions refuses maxInFlight 0: an ApiError RPERF_API_INVALID_OPTIONS in one line, status 500 (a library error)', () => {
    expect(() => resolveServerOptions({ maxInFlight: 0 })).toThrow(
      expect.objectContaining({ name: 'ApiError', code: 'RPERF_API_INVALID_OPTIONS', status: 500, message: 'maxInFlight must be an integer >= 1, received 0' }),
    );
  });

  it('documents every code in README.md', () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(API_ERROR_CODES)) expect(readme).toContain(`\`${code}\``);
  });

  it('every HTTP code has its status in the description, and the status table agrees', () => {
    for (const [code, status] of Object.entries(API_ERROR_STATUS)) {
      expect(API_ERROR_CODES[code as ApiErrorCode].startsWith(`${status}: `)).toBe(true);
      expect(new ApiError(code as ApiErrorCode, 'x').status).toBe(status);
    }
    expect(new ApiError('RPERF_API_SPAWN_FAILED', 'x').status).toBe(500);
  });

  it('problem documents follow RFC 9457 (type, title, status, detail) plus code', () => {
    const p = problemOf(new ApiError('RPERF_API_BUSY', 'busy now', { 'retry-after': '1' }), '/v1/segment');
    expect(p).toEqual({
      type: 'https://rhenium.dev/problems/rperf-api-busy',
      title: 'Server busy',
      status: 503,
      detail: 'busy now',
      code: 'RPERF_API_BUSY',
      instance: '/v1/segment',
    });
    expect(problemType('RPERF_API_BODY_TOO_LARGE')).toBe('https://rhenium.dev/problems/rperf-api-body-too-large');
  });

  it("maps Fastify's errors and unknown errors", () => {
    const fe = (code: string, statusCode = 400) => Object.assign(new Error(code), { code, statusCode });
    expect(toApiError(fe('FST_ERR_CTP_BODY_TOO_LARGE', 413), 1234).code).toBe('RPERF_API_BODY_TOO_LARGE');
    expect(toApiError(fe('FST_ERR_CTP_BODY_TOO_LARGE', 413), 1234).message).toContain('1234 bytes');
    expect(toApiError(fe('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415), 1).code).toBe('RPERF_API_UNSUPPORTED_MEDIA_TYPE');
    expect(toApiError(Object.assign(new Error('querystring/modality bad'), { validation: [{}] }), 1).code).toBe('RPERF_API_BAD_REQUEST');
    expect(toApiError(fe('FST_ERR_BAD_URL'), 1).code).toBe('RPERF_API_BAD_REQUEST');
    expect(toApiError(new IoError('RPERF_IO_TOO_LARGE', 'request body', 'the header declares 9 voxels'), 1)).toMatchObject({ code: 'RPERF_API_VOLUME_TOO_LARGE', status: 413 });
    expect(toApiError(new IoError('RPERF_IO_UNUSABLE_VOLUME', 'request body', 'no finite voxel'), 1)).toMatchObject({ code: 'RPERF_API_UNSUPPORTED_VOLUME', status: 422 });
    const internal = toApiError(new TypeError('secret stack detail'), 1);
    expect(internal.code).toBe('RPERF_API_INTERNAL');
    expect(internal.message).not.toContain('secret');
  });

  it("maps Node's parser errors (clientError) to problem codes", () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(clientErrorOf(err('ERR_HTTP_REQUEST_TIMEOUT'), 5000)).toMatchObject({ code: 'RPERF_API_REQUEST_TIMEOUT', status: 408 });
    expect(clientErrorOf(err('ERR_HTTP_REQUEST_TIMEOUT'), 5000).message).toContain('5000 ms');
    expect(clientErrorOf(err('HPE_HEADER_OVERFLOW'), 1)).toMatchObject({ code: 'RPERF_API_HEADERS_TOO_LARGE', status: 431 });
    expect(clientErrorOf(err('HPE_INVALID_CONTENT_LENGTH'), 1).message).toContain('a bad Content-Length header (HPE_INVALID_CONTENT_LENGTH');
    expect(clientErrorOf(err('HPE_INVALID_METHOD'), 1)).toMatchObject({ code: 'RPERF_API_BAD_REQUEST', status: 400 });
  });
});
