/**
 * Driving a side's own harness: listing a package's cases and measuring one case in a fresh
 * process, through the side's `packages/harness/dist/child.js` (each side runs its own code).
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCaseInChild, type CaseMeasurement, type ChildReply, type ListedCase, type RunMode } from '@rhenium-perf/harness';
import type { DeviceKind } from '@rhenium-perf/schema';
import { PerfCliError } from '../errors';
import type { Side } from './git';

const LIST_TIMEOUT_MS = 120_000;

/** The child entry of a side's built harness. */
export function childEntryOf(side: Side): string {
  const entry = path.join(side.root, 'packages', 'harness', 'dist', 'child.js');
  if (!fs.existsSync(entry)) throw new PerfCliError('RPERF_AB_BUILD', `the ${side.label} side has no built harness (${entry}); its build failed or it predates the harness`);
  return entry;
}

/** The cases of one package of a side, selected as a run would select them. */
export function listSideCases(
  side: Side,
  packageDir: string,
  select: { mode: RunMode; filter: string | null },
): Promise<ListedCase[]> {
  const entry = childEntryOf(side);
  return new Promise((resolve, reject) => {
    const child = fork(entry, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced', env: { ...process.env, RHENIUM_PERF_CHILD: '1' } });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    let reply: ChildReply | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), LIST_TIMEOUT_MS);
    child.on('message', (m: ChildReply) => (reply = m));
    child.on('exit', () => {
      clearTimeout(timer);
      const r = reply as ChildReply | null;
      if (r && r.type === 'list') {
        if (r.error) return reject(new PerfCliError('RPERF_AB_BUILD', `the ${side.label} side cannot list the cases of ${packageDir}: ${r.error}`));
        return resolve(r.cases);
      }
      reject(
        new PerfCliError(
          'RPERF_AB_PROTOCOL',
          `the ${side.label} side (${side.ref}) cannot list its cases${r ? ': its harness predates rhenium-perf ab; choose a newer base' : `: ${err.trim().split('\n').slice(-1)[0] ?? 'no answer'}`}`,
        ),
      );
    });
    child.send({ type: 'list', root: packageDir, fromSource: false, mode: select.mode, tags: [], filter: select.filter });
  });
}

/** Measure one case once on a side, in a fresh process. */
export function measureOnSide(
  side: Side,
  listed: ListedCase,
  opts: { mode: RunMode; device: DeviceKind; env: NodeJS.ProcessEnv },
): Promise<CaseMeasurement> {
  return runCaseInChild(
    { file: listed.file, id: listed.id, timeoutMs: listed.timeoutMs ?? undefined },
    { mode: opts.mode, device: opts.device, childEntry: childEntryOf(side), env: opts.env },
  );
}
