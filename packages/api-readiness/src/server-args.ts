/**
 * Command-line arguments of the server process (`node dist/server.js --port 0`), read with
 * the project's one parser, `parseCommandLine` (node:util parseArgs, strict).
 *
 * NOTE: `@rhenium-perf/harness/args`, not the harness index: the index pulls in the runner and
 * the schema, and the server's time to ready is one of the package's measurements.
 */
import { parseCommandLine, stringOption } from '@rhenium-perf/harness/args';
import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_HOST,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_MAX_VOXELS,
  DEFAULT_MIN_UPLOAD_BYTES_PER_S,
  DEFAULT_MODEL_THREADS,
  DEFAULT_PORT,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETRY_AFTER_S,
  DEFAULT_UPLOAD_RATE_WINDOW_MS,
} from './defaults';
import { ApiError } from './errors';
import type { ServerOptions } from './types';

/** Help text of the server process. */
export const SERVER_HELP = `Usage: rhenium-api-server [options]

Serves the Rhenium segmentation pipeline over HTTP (Fastify). Prints one JSON line per
event on stdout: {"event":"listening","url":...}, {"event":"ready",...}, {"event":"closed",...}.
SIGTERM or SIGINT drains: no new work, in-flight requests finish, exit 0.

Options:
  --host HOST               Interface to bind (default ${DEFAULT_HOST}; loopback only)
  --port PORT               TCP port, 0 = any free port (default ${DEFAULT_PORT})
  --body-limit-bytes N      Largest request body in bytes (default ${DEFAULT_BODY_LIMIT_BYTES})
  --max-in-flight N         Segmentation requests worked on at once, from upload to the end of
                            the pipeline (default ${DEFAULT_MAX_IN_FLIGHT})
  --max-voxels N            Largest volume segmented, in voxels, checked against the NIfTI header
                            before inflating it (default ${DEFAULT_MAX_VOXELS})
  --body-timeout-ms MS      Time a segment body may take to arrive (default ${DEFAULT_BODY_TIMEOUT_MS})
  --min-upload-rate B       Slowest upload accepted, bytes/s over each window; 0 = off (default ${DEFAULT_MIN_UPLOAD_BYTES_PER_S})
  --upload-rate-window-ms MS  Window of the upload-rate check (default ${DEFAULT_UPLOAD_RATE_WINDOW_MS})
  --request-timeout-ms MS   Node's limit on a whole request, a backstop; 0 = off (default ${DEFAULT_REQUEST_TIMEOUT_MS})
  --retry-after S           Seconds in Retry-After of a 503 (default ${DEFAULT_RETRY_AFTER_S})
  --threads N               onnxruntime intra-op threads (default ${DEFAULT_MODEL_THREADS})
  --drain-timeout-ms MS     Give up draining after MS and exit 1 (default ${DEFAULT_DRAIN_TIMEOUT_MS})
  --log                     Request logging (pino JSON) on stderr
  -h, --help                Show this help

Exit codes: 0 drained and closed, 1 drain timed out or the server failed, 2 usage error.`;

/** Parsed server arguments. */
export interface ServerArgs {
  readonly host: string;
  readonly port: number;
  readonly drainTimeoutMs: number;
  readonly help: boolean;
  readonly server: ServerOptions;
}

function intArg(name: string, raw: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new ApiError('RPERF_API_INVALID_OPTIONS', `--${name} must be an integer in ${min}..${max}, received ${JSON.stringify(raw)}`);
  }
  return n;
}

/**
 * Parse the server's arguments; unknown options and bad values throw RPERF_API_INVALID_OPTIONS.
 * @example parseServerArgs(['--port', '0', '--max-in-flight', '2']).port // 0
 */
export function parseServerArgs(argv: readonly string[]): ServerArgs {
  const { values } = parseCommandLine(
    argv,
    {
      host: { type: 'string' },
      port: { type: 'string' },
      'body-limit-bytes': { type: 'string' },
      'max-in-flight': { type: 'string' },
      'max-voxels': { type: 'string' },
      'body-timeout-ms': { type: 'string' },
      'min-upload-rate': { type: 'string' },
      'upload-rate-window-ms': { type: 'string' },
      'request-timeout-ms': { type: 'string' },
      'retry-after': { type: 'string' },
      threads: { type: 'string' },
      'drain-timeout-ms': { type: 'string' },
      log: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    (message) => new ApiError('RPERF_API_INVALID_OPTIONS', `${message}; see --help`),
  );
  const str = (k: string): string | undefined => stringOption(values, k) ?? undefined;
  const host = str('host') ?? DEFAULT_HOST;
  if (host.trim() === '') throw new ApiError('RPERF_API_INVALID_OPTIONS', '--host must name an interface, received an empty string');
  return {
    host,
    port: intArg('port', str('port'), DEFAULT_PORT, 0, 65535),
    drainTimeoutMs: intArg('drain-timeout-ms', str('drain-timeout-ms'), DEFAULT_DRAIN_TIMEOUT_MS, 1),
    help: values.help === true,
    server: {
      bodyLimitBytes: intArg('body-limit-bytes', str('body-limit-bytes'), DEFAULT_BODY_LIMIT_BYTES, 1),
      maxInFlight: intArg('max-in-flight', str('max-in-flight'), DEFAULT_MAX_IN_FLIGHT, 1),
      maxVoxels: intArg('max-voxels', str('max-voxels'), DEFAULT_MAX_VOXELS, 1),
      bodyTimeoutMs: intArg('body-timeout-ms', str('body-timeout-ms'), DEFAULT_BODY_TIMEOUT_MS, 1),
      minUploadBytesPerS: intArg('min-upload-rate', str('min-upload-rate'), DEFAULT_MIN_UPLOAD_BYTES_PER_S, 0),
      uploadRateWindowMs: intArg('upload-rate-window-ms', str('upload-rate-window-ms'), DEFAULT_UPLOAD_RATE_WINDOW_MS, 100),
      requestTimeoutMs: intArg('request-timeout-ms', str('request-timeout-ms'), DEFAULT_REQUEST_TIMEOUT_MS, 0),
      retryAfterS: intArg('retry-after', str('retry-after'), DEFAULT_RETRY_AFTER_S, 0),
      modelThreads: intArg('threads', str('threads'), DEFAULT_MODEL_THREADS, 1, 1024),
      logger: values.log === true,
    },
  };
}
