/**
 * Server options: defaults merged and checked in one place, then frozen.
 */
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_MAX_VOXELS,
  DEFAULT_MIN_UPLOAD_BYTES_PER_S,
  DEFAULT_UPLOAD_RATE_WINDOW_MS,
  DEFAULT_MODEL_THREADS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETRY_AFTER_S,
} from './defaults';
import { ApiError } from './errors';
import type { ResolvedServerOptions, ServerOptions } from './types';

function positiveInt(name: string, value: number, min = 1): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ApiError('RPERF_API_INVALID_OPTIONS', `${name} must be an integer >= ${min}, received ${JSON.stringify(value)}`);
  }
  return value;
}

/** Apply defaults to server options and check them (RPERF_API_INVALID_OPTIONS). */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const loadOn = options.loadOn ?? 'listen';
  if (!['listen', 'ready', 'manual'].includes(loadOn)) {
    throw new ApiError('RPERF_API_INVALID_OPTIONS', `loadOn must be listen, ready or manual, received ${JSON.stringify(loadOn)}`);
  }
  return Object.freeze({
    bodyLimitBytes: positiveInt('bodyLimitBytes', options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES),
    maxInFlight: positiveInt('maxInFlight', options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT),
    retryAfterS: positiveInt('retryAfterS', options.retryAfterS ?? DEFAULT_RETRY_AFTER_S, 0),
    requestTimeoutMs: positiveInt('requestTimeoutMs', options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, 0),
    bodyTimeoutMs: positiveInt('bodyTimeoutMs', options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS),
    minUploadBytesPerS: positiveInt('minUploadBytesPerS', options.minUploadBytesPerS ?? DEFAULT_MIN_UPLOAD_BYTES_PER_S, 0),
    uploadRateWindowMs: positiveInt('uploadRateWindowMs', options.uploadRateWindowMs ?? DEFAULT_UPLOAD_RATE_WINDOW_MS, 100),
    maxVoxels: positiveInt('maxVoxels', options.maxVoxels ?? DEFAULT_MAX_VOXELS),
    modelThreads: positiveInt('modelThreads', options.modelThreads ?? DEFAULT_MODEL_THREADS),
    loadOn,
    logger: options.logger ?? false,
  });
}
