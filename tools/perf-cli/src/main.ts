/**
 * rhenium-perf as a library: `main(argv, io)` runs a command and returns its exit code.
 * Never calls process.exit; every failure of the user's making is a PerfCliError (exit 2).
 * Each command lives in commands/.
 */
import fs from 'node:fs';
import { HarnessError } from '@rhenium-perf/harness';
import { HELP, parseArgs } from './args';
import { commandAb } from './commands/ab';
import { commandBaselineUpdate } from './commands/baseline';
import { commandCompare } from './commands/compare';
import { commandHistory } from './commands/history';
import type { CliIo } from './commands/io';
import { commandMerge } from './commands/merge';
import { commandProfile } from './commands/profile';
import { commandRender } from './commands/render';
import { commandRun } from './commands/run';
import { commandSite } from './commands/site';
import { commandValidate } from './commands/validate';
import { BaselineError, CompareConfigError } from './compare';
import { PerfCliError } from './errors';
import { RenderError } from './render';

export type { CliIo } from './commands/io';

function version(): string {
  try {
    const pj = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    return pj.version;
  } catch {
    return 'unknown';
  }
}

/** A message on one line (messages may quote text that holds newlines). */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Run rhenium-perf with `argv` (without node and script); returns the exit code. */
export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const full: CliIo = { stdout: io.stdout ?? process.stdout, stderr: io.stderr ?? process.stderr, cwd: io.cwd ?? process.cwd() };
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        full.stdout.write(HELP + '\n');
        return 0;
      case 'site':
        return await commandSite(args, full);
      case 'version':
        full.stdout.write(version() + '\n');
        return 0;
      case 'run':
        return await commandRun(args, full);
      case 'ab':
        return await commandAb(args, full);
      case 'merge':
        return commandMerge(args, full);
      case 'validate':
        return commandValidate(args, full);
      case 'compare':
        return commandCompare(args, full);
      case 'render':
        return await commandRender(args, full);
      case 'baseline-update':
        return commandBaselineUpdate(args, full);
      case 'history':
        return await commandHistory(args, full);
      case 'profile':
        return await commandProfile(args, full);
    }
  } catch (err) {
    if (err instanceof PerfCliError || err instanceof HarnessError || err instanceof BaselineError || err instanceof CompareConfigError || err instanceof RenderError) {
      full.stderr.write(`rhenium-perf: error: ${oneLine(err.message)}\n`);
      return err instanceof PerfCliError ? err.exitCode : 2;
    }
    // Every message is one line. A system error (a full disk, a permission) is the user's to
    // fix: exit 2 with its code; anything else is our bug: one line, the stack on request.
    const e = err as NodeJS.ErrnoException;
    const message = oneLine(err instanceof Error ? err.message : String(err));
    if (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code)) {
      full.stderr.write(`rhenium-perf: error: ${message}\n`);
      return 2;
    }
    full.stderr.write(`rhenium-perf: internal error: ${message} (RHENIUM_PERF_DEBUG=1 prints the stack)\n`);
    if (process.env.RHENIUM_PERF_DEBUG) full.stderr.write(`${e?.stack ?? ''}\n`);
    return 2;
  }
}
