/**
 * A local PACS for the benchmarks and tests: Orthanc (Debian package `orthanc`, with
 * `orthanc-dicomweb`) as a child process, on free loopback ports (HTTP and DICOM), with a
 * generated configuration, a temporary storage folder and the DICOMweb plugin; stopped with
 * SIGTERM, then SIGKILL after a grace period, its folder removed — also when the parent
 * exits or is interrupted (Ctrl-C) before calling stop.
 *
 * NOTE: Orthanc 1.10's graceful stop takes 2–3.5 s whatever it holds: after SIGTERM it joins
 * its threads one after the other (Lua engine, WebDAV upload thread, the CivetWeb HTTP server,
 * the DICOM server, the jobs engine, the stable-resources monitor), each of which wakes on a
 * timer (seen with `--verbose`: "Orthanc is stopping" -> "HTTP server has stopped" 1.8 s ->
 * "DICOM server has stopped" 1.0 s -> ... -> "Orthanc has stopped"). A throwaway instance
 * whose folder is deleted anyway (a benchmark's) is stopped with `stop({ discard: true })`:
 * SIGKILL at once, then the folder removed; nothing of it is kept, so nothing needs flushing.
 *
 * The system's Orthanc service is never used: only the binary, started with its own
 * configuration file (no authentication; remote access off, so it answers 127.0.0.1 only).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IoError } from '../errors';
import {
  DIMSE_CLIENT_AE_TITLE,
  ORTHANC_AE_TITLE,
  ORTHANC_BINARY,
  ORTHANC_DICOMWEB_PLUGIN,
  ORTHANC_DICOMWEB_ROOT,
  ORTHANC_POLL_INTERVAL_MS,
  ORTHANC_READY_TIMEOUT_MS,
  ORTHANC_STOP_GRACE_MS,
} from './defaults';

/** A running local Orthanc. */
export interface LocalOrthanc {
  /** `http://127.0.0.1:<port>` */
  readonly httpUrl: string;
  /** The DICOMweb service root, `http://127.0.0.1:<port>/dicom-web`. */
  readonly dicomWebUrl: string;
  readonly httpPort: number;
  /** The DICOM (DIMSE) port. */
  readonly dicomPort: number;
  /** Orthanc's AE title (called AE of a C-GET). */
  readonly aeTitle: string;
  /** The AE title Orthanc knows as a client allowed to C-GET. */
  readonly clientAeTitle: string;
  /** The temporary folder: configuration, storage, log. */
  readonly dir: string;
  readonly pid: number;
  /**
   * Stop Orthanc (SIGTERM, SIGKILL after the grace period) and remove its folder; idempotent.
   * `discard: true`: SIGKILL at once (no graceful shutdown, ~3 s less) — for an instance whose
   * storage is thrown away with its folder, as every instance of this module's is.
   */
  stop(options?: StopOrthancOptions): Promise<void>;
}

/** Options of {@link LocalOrthanc.stop}. */
export interface StopOrthancOptions {
  /** Kill at once instead of the graceful SIGTERM (the storage is deleted anyway). */
  readonly discard?: boolean;
}

/** Where the Orthanc binary and its DICOMweb plugin are. */
export interface OrthancPaths {
  readonly binary: string;
  readonly dicomWebPlugin: string;
}

/** Options of {@link startOrthanc}. */
export interface StartOrthancOptions extends Partial<OrthancPaths> {
  /** ms to wait for GET /system (default ORTHANC_READY_TIMEOUT_MS). */
  readonly readyTimeoutMs?: number;
}

const executable = (p: string, mode: number): boolean => {
  try {
    accessSync(p, mode);
    return true;
  } catch {
    return false;
  }
};

/**
 * Why the local Orthanc cannot start here, in one line, or null when it can: the binary
 * (RHENIUM_ORTHANC or /usr/sbin/Orthanc) and the DICOMweb plugin must exist.
 * @example orthancUnavailable() // null, or 'Orthanc is not installed (no /usr/sbin/Orthanc): apt-get install orthanc orthanc-dicomweb'
 */
export function orthancUnavailable(paths: Partial<OrthancPaths> = {}): string | null {
  const { binary, dicomWebPlugin } = orthancPaths(paths);
  if (!executable(binary, constants.X_OK)) return `Orthanc is not installed (no executable ${binary}): apt-get install orthanc orthanc-dicomweb`;
  if (!executable(dicomWebPlugin, constants.R_OK)) return `the Orthanc DICOMweb plugin is not installed (no ${dicomWebPlugin}): apt-get install orthanc-dicomweb`;
  return null;
}

function orthancPaths(paths: Partial<OrthancPaths>): OrthancPaths {
  return {
    binary: paths.binary ?? process.env.RHENIUM_ORTHANC ?? ORTHANC_BINARY,
    dicomWebPlugin: paths.dicomWebPlugin ?? process.env.RHENIUM_ORTHANC_DICOMWEB ?? ORTHANC_DICOMWEB_PLUGIN,
  };
}

/** A TCP port free on 127.0.0.1 now (the kernel's choice for port 0). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The Orthanc configuration written for one local instance. */
export function orthancConfig(dir: string, httpPort: number, dicomPort: number, plugin: string): Record<string, unknown> {
  return {
    Name: 'rhenium-perf-local-pacs',
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'storage'),
    StorageCompression: false,
    HttpPort: httpPort,
    HttpServerEnabled: true,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    SslEnabled: false,
    DicomServerEnabled: true,
    DicomAet: ORTHANC_AE_TITLE,
    DicomPort: dicomPort,
    DicomCheckCalledAet: false,
    // Only the client AE of this package may C-GET (and C-FIND); C-STORE is open to all.
    DicomModalities: { rperf: { AET: DIMSE_CLIENT_AE_TITLE, Host: '127.0.0.1', Port: 1, AllowGet: true, AllowFind: true, AllowStore: true, AllowEcho: true } },
    DicomAlwaysAllowStore: true,
    DicomAlwaysAllowEcho: true,
    OverwriteInstances: true,
    SaveJobs: false,
    ConcurrentJobs: 1,
    Plugins: [plugin],
    DicomWeb: { Enable: true, Root: ORTHANC_DICOMWEB_ROOT, EnableWado: false, Ssl: false, StudiesMetadata: 'Full', SeriesMetadata: 'Full' },
  };
}

/** Live instances, stopped synchronously if the process exits without stopping them. */
const live = new Set<{ child: ChildProcess; dir: string }>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const killAll = (): void => {
    for (const l of live) {
      try {
        l.child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
      rmSync(l.dir, { recursive: true, force: true });
    }
    live.clear();
  };
  process.once('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killAll();
      // Die of the signal as the default handler would (exit code 128 + n).
      process.kill(process.pid, sig);
    });
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Start a local Orthanc with the DICOMweb plugin on free loopback ports; resolves once GET
 * /system answers and the plugin is loaded. RPERF_IO_PACS_LAUNCH when it is not installed,
 * exits while starting or is not ready in time (the message ends with its log).
 * @example const pacs = await startOrthanc(); try { await storeInstances(pacs.dicomWebUrl, files) } finally { await pacs.stop() }
 */
export async function startOrthanc(options: StartOrthancOptions = {}): Promise<LocalOrthanc> {
  const paths = orthancPaths(options);
  const why = orthancUnavailable(paths);
  if (why) throw new IoError('RPERF_IO_PACS_LAUNCH', paths.binary, why);
  // NOTE: a free port found now may be taken before Orthanc binds it; then Orthanc exits at
  // once and another pair of ports is tried.
  let last: IoError | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(paths, options.readyTimeoutMs ?? ORTHANC_READY_TIMEOUT_MS);
    } catch (e) {
      if (!(e instanceof IoError) || !/exited/.test(e.message)) throw e;
      last = e;
    }
  }
  throw last!;
}

async function startOnce(paths: OrthancPaths, readyTimeoutMs: number): Promise<LocalOrthanc> {
  const dir = mkdtempSync(join(tmpdir(), 'rperf-orthanc-'));
  const httpPort = await freeLoopbackPort();
  let dicomPort = await freeLoopbackPort();
  while (dicomPort === httpPort) dicomPort = await freeLoopbackPort();
  const configFile = join(dir, 'orthanc.json');
  writeFileSync(configFile, JSON.stringify(orthancConfig(dir, httpPort, dicomPort, paths.dicomWebPlugin), null, 2));
  let log = '';
  const child = spawn(paths.binary, [configFile], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const entry = { child, dir };
  live.add(entry);
  hookExit();
  const keep = (b: Buffer): void => {
    log = (log + b.toString('utf8')).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: string | null = null;
  const exitedP = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `code ${code}`;
    resolve();
  }));
  child.once('error', (e) => {
    exited = e.message;
  });
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  let stopped = false;
  const stop = async (options: StopOrthancOptions = {}): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (exited === null && options.discard) {
      child.kill('SIGKILL');
      await exitedP;
    } else if (exited === null) {
      child.kill('SIGTERM');
      const grace = sleep(ORTHANC_STOP_GRACE_MS).then(() => 'late' as const);
      if ((await Promise.race([exitedP.then(() => 'done' as const), grace])) === 'late') {
        child.kill('SIGKILL');
        await exitedP;
      }
    }
    live.delete(entry);
    rmSync(dir, { recursive: true, force: true });
  };
  const tail = (): string => log.trim().split('\n').slice(-3).join(' | ').replace(/\s+/g, ' ').slice(-600);
  const t0 = performance.now();
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new IoError('RPERF_IO_PACS_LAUNCH', paths.binary, `Orthanc exited while starting (${exited}) on HTTP port ${httpPort}, DICOM port ${dicomPort}: ${tail() || '(no log)'}`);
    }
    try {
      const r = await fetch(`${httpUrl}/plugins`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) {
        const plugins = (await r.json()) as string[];
        if (!plugins.includes('dicom-web')) {
          await stop({ discard: true });
          throw new IoError('RPERF_IO_PACS_LAUNCH', paths.dicomWebPlugin, `Orthanc started without its DICOMweb plugin (loaded: ${plugins.join(', ') || 'none'}): ${tail()}; install orthanc-dicomweb for this Orthanc version`);
        }
        break;
      }
    } catch (e) {
      if (e instanceof IoError) throw e;
      /* not listening yet */
    }
    if (performance.now() - t0 > readyTimeoutMs) {
      await stop({ discard: true });
      throw new IoError('RPERF_IO_PACS_LAUNCH', paths.binary, `Orthanc did not answer on ${httpUrl} within ${readyTimeoutMs / 1000} s: ${tail() || '(no log)'}`);
    }
    await sleep(ORTHANC_POLL_INTERVAL_MS);
  }
  return {
    httpUrl,
    dicomWebUrl: `${httpUrl}${ORTHANC_DICOMWEB_ROOT.replace(/\/$/, '')}`,
    httpPort,
    dicomPort,
    aeTitle: ORTHANC_AE_TITLE,
    clientAeTitle: DIMSE_CLIENT_AE_TITLE,
    dir,
    pid: child.pid!,
    stop,
  };
}
