/**
 * Errors as RFC 9457 problem documents (`application/problem+json`): every failure the
 * server answers — its own, Fastify's (body too large, media type, validation) and the
 * NIfTI decoder's — becomes an {@link ApiError} and then one document with a `code`.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isIoParsingError } from './io';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from './defaults';
import { ApiError, type ApiErrorCode } from './errors';
import type { ProblemDocument } from './types';

const TITLES: Readonly<Partial<Record<ApiErrorCode, string>>> = Object.freeze({
  RPERF_API_BAD_REQUEST: 'Bad request',
  RPERF_API_EMPTY_BODY: 'Empty body',
  RPERF_API_MALFORMED_NIFTI: 'Malformed NIfTI body',
  RPERF_API_NOT_FOUND: 'Not found',
  RPERF_API_NOT_ACCEPTABLE: 'Not acceptable',
  RPERF_API_REQUEST_TIMEOUT: 'Request timeout',
  RPERF_API_BODY_TOO_LARGE: 'Body too large',
  RPERF_API_VOLUME_TOO_LARGE: 'Volume too large',
  RPERF_API_UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  RPERF_API_UNSUPPORTED_VOLUME: 'Unsupported volume',
  RPERF_API_HEADERS_TOO_LARGE: 'Request headers too large',
  RPERF_API_CLIENT_CLOSED: 'Client closed the request',
  RPERF_API_INTERNAL: 'Internal server error',
  RPERF_API_PIPELINE_FAILED: 'Pipeline failed',
  RPERF_API_BUSY: 'Server busy',
  RPERF_API_NOT_READY: 'Model not loaded yet',
  RPERF_API_MODEL_LOAD_FAILED: 'Model failed to load',
  RPERF_API_DRAINING: 'Server shutting down',
});

/** The `type` URI of a code: `https://rhenium.dev/problems/rperf-api-busy`. */
export function problemType(code: ApiErrorCode): string {
  return PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-');
}

/** The problem document of an error (instance = the request path, when known). */
export function problemOf(err: ApiError, instance?: string): ProblemDocument {
  return {
    type: problemType(err.code),
    title: TITLES[err.code] ?? err.code,
    status: err.status,
    detail: err.message,
    code: err.code,
    ...(instance !== undefined ? { instance } : {}),
  };
}

/**
 * Map anything thrown while serving a request to an ApiError. Unknown errors become
 * RPERF_API_INTERNAL with a generic detail (the original goes to the log, not the client).
 */
export function toApiError(err: unknown, bodyLimitBytes: number): ApiError {
  if (err instanceof ApiError) return err;
  if (isIoParsingError(err)) {
    const code: ApiErrorCode =
      err.code === 'RPERF_IO_TOO_LARGE'
        ? 'RPERF_API_VOLUME_TOO_LARGE'
        : err.code === 'RPERF_IO_UNSUPPORTED_DATATYPE' || err.code === 'RPERF_IO_UNUSABLE_VOLUME'
          ? 'RPERF_API_UNSUPPORTED_VOLUME'
          : 'RPERF_API_MALFORMED_NIFTI';
    const hint = code === 'RPERF_API_VOLUME_TOO_LARGE' ? ' (the server takes at most --max-voxels voxels)' : '';
    return new ApiError(code, `${err.code}: ${err.message}${hint}`);
  }
  const fe = err as Partial<FastifyError> & { validation?: unknown; validationContext?: string };
  if (fe.validation) {
    return new ApiError('RPERF_API_BAD_REQUEST', `${fe.message ?? 'request does not match the route schema'}`);
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(
        'RPERF_API_BODY_TOO_LARGE',
        `the body is larger than the limit of ${bodyLimitBytes} bytes; send a smaller (e.g. gzipped) file or start the server with a larger --body-limit-bytes`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('RPERF_API_UNSUPPORTED_MEDIA_TYPE', `${fe.message ?? 'unsupported media type'}`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return new ApiError('RPERF_API_BAD_REQUEST', `${fe.message ?? 'bad request'}; check the URL encoding and the headers`);
    default:
      break;
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new ApiError('RPERF_API_BAD_REQUEST', `${fe.message ?? 'bad request'} (${fe.code ?? fe.statusCode})`);
  }
  return new ApiError('RPERF_API_INTERNAL', 'an unexpected error occurred while serving the request; it has been logged');
}

/** Answer a request with the problem document of `err`. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, err: ApiError): FastifyReply {
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  return reply.code(err.status).type(PROBLEM_CONTENT_TYPE).send(problemOf(err, request.url.split('?', 1)[0]));
}
