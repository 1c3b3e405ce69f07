/**
 * Finding a package's bench files and the cases they declare.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isBenchCase } from './define';
import { HarnessError } from './errors';
import type { BenchCase } from './types';

/** A case and the module that declares it (the child process imports the same module). */
export interface LocatedCase {
  file: string;
  benchCase: BenchCase;
}

/**
 * The bench modules of a package: `bench/*.bench.ts` when running from sources,
 * `dist/bench/*.bench.js` when built (what a published package has).
 */
export function findBenchFiles(packageRoot: string, fromSource: boolean): string[] {
  const dir = fromSource ? path.join(packageRoot, 'bench') : path.join(packageRoot, 'dist', 'bench');
  const suffix = fromSource ? '.bench.ts' : '.bench.js';
  if (!fs.existsSync(dir)) {
    throw new HarnessError(
      'RPERF_BENCH_LOAD',
      `no bench folder at ${dir}${fromSource ? '' : ' (build the package first: npx nx run <project>:build)'}`,
    );
  }
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Every case exported by a module: its default export (a case or an array) and named exports. */
export function casesOfModule(mod: Record<string, unknown>): BenchCase[] {
  const out: BenchCase[] = [];
  const visit = (x: unknown): void => {
    if (isBenchCase(x)) out.push(x);
    else if (Array.isArray(x)) x.forEach(visit);
  };
  for (const value of Object.values(mod)) visit(value);
  return out;
}

/** Import bench modules and list their cases; duplicate ids are an error. */
export async function loadBenchCases(files: readonly string[]): Promise<LocatedCase[]> {
  const out: LocatedCase[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      // A coded error thrown while a module declares its cases (e.g. a user's model that does
      // not fit) is the user's to fix: show its message alone.
      const code = (err as { code?: unknown } | null)?.code;
      if (err instanceof Error && typeof code === 'string' && code.startsWith('RPERF_')) throw new HarnessError('RPERF_BENCH_LOAD', err.message);
      throw new HarnessError('RPERF_BENCH_LOAD', `cannot import ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    for (const c of casesOfModule(mod)) {
      const prev = seen.get(c.id);
      if (prev !== undefined) {
        throw new HarnessError('RPERF_BENCH_DUPLICATE', `case id "${c.id}" is declared twice (${prev} and ${file}); ids must be unique in a package`);
      }
      seen.set(c.id, file);
      out.push({ file, benchCase: c });
    }
  }
  return out;
}
