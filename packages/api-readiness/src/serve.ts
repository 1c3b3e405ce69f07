/**
 * The server process's life: parse arguments, listen, report events as JSON lines, load the
 * model, and drain on SIGTERM/SIGINT (stop accepting, finish in-flight requests, close).
 * Returns the exit code; the few-line entry (server.ts) owns `process.exit`.
 */
import type { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './app';
import { ioParsing } from './io';
import { ApiError } from './errors';
import { parseServerArgs, SERVER_HELP } from './server-args';
import type { SegmentEngine } from './types';

/** Streams and signal source of {@link serve} (injected so tests need no process). */
export interface ServeIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Emits 'SIGTERM' / 'SIGINT' (default: `process`). */
  signals?: EventEmitter;
  /** Engine override (default: the e2e pipeline). */
  engine?: SegmentEngine;
  /** Called once the server listens (tests use it to reach the instance). */
  onListening?: (app: FastifyInstance, url: string) => void;
  /** ms since the process started, for `startupMs` (default `performance.now()`; a worker thread's clock starts with the worker). */
  now?: () => number;
}

/** The one-line JSON events the process prints on stdout. */
export type ServerEvent =
  | { event: 'listening'; url: string; pid: number; startupMs: number }
  | { event: 'ready'; loadMs: number; model: string }
  | { event: 'load_failed'; error: string }
  | { event: 'draining'; signal: string; inFlight: number }
  | { event: 'closed'; exitCode: number; drainMs: number };

/**
 * Run the server until a signal drains it. Resolves with the exit code: 0 drained and
 * closed, 1 the drain timed out or listening failed, 2 usage error.
 */
export async function serve(argv: readonly string[], io: ServeIo): Promise<number> {
  const emit = (e: ServerEvent): void => void io.stdout.write(JSON.stringify(e) + '\n');
  /** Every error of the process is one line on stderr. */
  const fail = (message: string): void => void io.stderr.write(`rhenium-api-server: ${message.replace(/\s+/g, ' ').trim()}\n`);
  let args;
  try {
    args = parseServerArgs(argv);
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
    return 2;
  }
  if (args.help) {
    io.stdout.write(SERVER_HELP + '\n');
    return 0;
  }
  let app: FastifyInstance;
  try {
    app = buildServer({ ...args.server, ...(io.engine ? { engine: io.engine } : {}) });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
    return err instanceof ApiError && err.code === 'RPERF_API_INVALID_OPTIONS' ? 2 : 1;
  }
  const signals = io.signals ?? process;
  // Register before listening so a SIGTERM during start-up is a drain too.
  const stopped = new Promise<string>((resolve) => {
    signals.once('SIGTERM', () => resolve('SIGTERM'));
    signals.once('SIGINT', () => resolve('SIGINT'));
  });
  let url: string;
  try {
    url = await app.listen({ host: args.host, port: args.port });
  } catch (err) {
    fail(`cannot listen on ${args.host}:${args.port}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  emit({ event: 'listening', url, pid: process.pid, startupMs: (io.now ?? (() => performance.now()))() });
  io.onListening?.(app, url);
  // Ready for the first request (see io.ts); a failure shows on that request.
  ioParsing().catch(() => undefined);
  void app.readiness.load().then((s) => {
    if (s.state === 'ready') emit({ event: 'ready', loadMs: s.loadMs, model: s.model.name });
    else if (s.state === 'failed') emit({ event: 'load_failed', error: s.error });
  });

  const signal = await stopped;
  const t0 = performance.now();
  app.readiness.startDraining();
  emit({ event: 'draining', signal, inFlight: app.inFlight.active });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), args.drainTimeoutMs);
    timer.unref();
  });
  const drained = await Promise.race([app.close().then(() => false), timedOut]);
  clearTimeout(timer);
  const exitCode = drained ? 1 : 0;
  if (drained) fail(`in-flight requests did not finish within ${args.drainTimeoutMs} ms; exiting anyway`);
  emit({ event: 'closed', exitCode, drainMs: performance.now() - t0 });
  return exitCode;
}
