/**
 * Starting the real server as a child process, the way a user or an orchestrator does, and
 * waiting for it: the listening line on stdout, then `GET /ready` = 200.
 *
 * From the sources (tests, `tsx`), the entry is `src/server.ts` run as
 * `node --import tsx --conditions=@rhenium-perf/source src/server.ts`; from a build
 * (`dist/`, what the bench command and a published package run) it is `node dist/server.js`.
 * The choice follows how this module itself was loaded (`.ts` or `.js`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { READY_POLL_INTERVAL_MS, SPAWN_LISTEN_TIMEOUT_MS, SPAWN_READY_TIMEOUT_MS } from './defaults';
import { ApiError } from './errors';
import { httpRequest } from './http-client';
import type { ServerEvent } from './serve';

/** How to start the server process. */
export interface ServerEntry {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly fromSource: boolean;
}

/** The package root (src/ and dist/ are both one level below it). */
export function packageRoot(): string {
  return fileURLToPath(new URL('..', import.meta.url));
}

/**
 * The command that starts the server: from the sources through tsx when this module is a
 * `.ts` file (or `fromSource` is forced), else `dist/server.js`.
 */
export function serverEntry(fromSource: boolean = import.meta.url.endsWith('.ts')): ServerEntry {
  const root = packageRoot();
  if (fromSource) {
    return {
      command: process.execPath,
      args: ['--import', 'tsx', '--conditions=@rhenium-perf/source', 'src/server.ts'],
      cwd: root,
      fromSource: true,
    };
  }
  const dist = fileURLToPath(new URL('../dist/server.js', import.meta.url));
  if (!existsSync(dist)) {
    throw new ApiError('RPERF_API_SPAWN_FAILED', `${dist} does not exist; build the package first (npx nx run api-readiness:build)`);
  }
  // Relative to cwd (the package root), so recorded command lines carry no machine path.
  return { command: process.execPath, args: ['dist/server.js'], cwd: root, fromSource: false };
}

/** Options of {@link startServerProcess}. */
export interface StartServerOptions {
  /** Arguments after the entry (default `--port 0`). */
  args?: readonly string[];
  /** Force sources or dist (default: like this module). */
  fromSource?: boolean;
  /** Time allowed until the listening line, ms. */
  listenTimeoutMs?: number;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /**
   * Another process to start instead of the server, measured the same way (it must print the
   * listening line and answer `/ready`): the bench's floor, `bench/floor-ready.cjs`.
   */
  entry?: ServerEntry;
}

/** A running server process. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** ms from spawn to the listening line. */
  readonly listenMs: number;
  /** Every JSON event printed so far. */
  readonly events: readonly ServerEvent[];
  /** What the process wrote on stderr (last 64 KiB). */
  stderr(): string;
  /** Resolves when the process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first event named `name` (already printed or to come). */
  waitForEvent<E extends ServerEvent['event']>(name: E, timeoutMs?: number): Promise<Extract<ServerEvent, { event: E }>>;
  /** Poll `/ready` until 200; resolves with ms from spawn to ready. */
  waitReady(timeoutMs?: number): Promise<number>;
  /** Send a signal (default SIGTERM) and wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const STDERR_KEEP = 64 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Spawn the server and wait for its listening line.
 * @example const s = await startServerProcess(); await s.waitReady(); await s.stop(); // { code: 0, signal: null }
 */
export async function startServerProcess(options: StartServerOptions = {}): Promise<ServerProcess> {
  const entry = options.entry ?? serverEntry(options.fromSource);
  const t0 = performance.now();
  const child = spawn(entry.command, [...entry.args, ...(options.args ?? ['--port', '0'])], {
    cwd: entry.cwd,
    env: { ...process.env, ...(options.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: ServerEvent[] = [];
  const waiters: { name: string; resolve: (e: ServerEvent) => void }[] = [];
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    stderr = (stderr + s).slice(-STDERR_KEEP);
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  let listening: (e: ServerEvent & { event: 'listening' }) => void;
  const listened = new Promise<ServerEvent & { event: 'listening' }>((r) => (listening = r));
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => {
    buffered += s;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      try {
        const e = JSON.parse(line) as ServerEvent;
        events.push(e);
        if (e.event === 'listening') listening(e);
        for (const w of waiters.filter((x) => x.name === e.event)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
      } catch {
        // Not an event line (e.g. --help); kept out of events.
      }
    }
  });
  const limit = options.listenTimeoutMs ?? SPAWN_LISTEN_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    listened,
    exited.then((x) => ({ exitedEarly: x })),
    new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), limit))),
  ]);
  clearTimeout(timer);
  if (outcome === 'timeout' || 'exitedEarly' in outcome) {
    child.kill('SIGKILL');
    const why = outcome === 'timeout' ? `did not print its listening line within ${limit} ms` : `exited (${JSON.stringify(outcome.exitedEarly)}) before listening`;
    throw new ApiError('RPERF_API_SPAWN_FAILED', `server process ${entry.args.join(' ')} ${why}; stderr: ${stderr.trim().slice(-2000) || '(empty)'}`);
  }
  const listenMs = performance.now() - t0;
  const url = outcome.url;
  let dead = false;
  void exited.then(() => (dead = true));

  return {
    child,
    pid: child.pid!,
    url,
    listenMs,
    events,
    stderr: () => stderr,
    exited,
    waitForEvent(name, timeoutMs = SPAWN_READY_TIMEOUT_MS) {
      type Ev = Extract<ServerEvent, { event: typeof name }>;
      const seen = events.find((e) => e.event === name);
      if (seen) return Promise.resolve(seen as Ev);
      return new Promise<Ev>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.findIndex((w) => w.resolve === done), 1);
          reject(new ApiError('RPERF_API_SPAWN_FAILED', `server process ${child.pid} printed no "${name}" event within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (e: ServerEvent): void => {
          clearTimeout(timer);
          resolve(e as Ev);
        };
        waiters.push({ name, resolve: done });
      });
    },
    async waitReady(timeoutMs = SPAWN_READY_TIMEOUT_MS): Promise<number> {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        if (dead) throw new ApiError('RPERF_API_SPAWN_FAILED', `server process ${child.pid} exited before /ready answered 200; stderr: ${stderr.trim().slice(-2000) || '(empty)'}`);
        const a = await httpRequest(url + '/ready').catch(() => null);
        if (a?.status === 200) return performance.now() - t0;
        const failed = events.find((e) => e.event === 'load_failed');
        if (failed) throw new ApiError('RPERF_API_SPAWN_FAILED', `server process ${child.pid} failed to load its model: ${(failed as { error: string }).error}`);
        if (performance.now() > deadline) throw new ApiError('RPERF_API_SPAWN_FAILED', `server process ${child.pid}: /ready did not answer 200 within ${timeoutMs} ms (last status ${a?.status ?? 'no answer'})`);
        await sleep(READY_POLL_INTERVAL_MS);
      }
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (!dead) child.kill(signal);
      return exited;
    },
  };
}
