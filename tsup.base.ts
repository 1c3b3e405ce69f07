/**
 * Shared tsup configuration for every package of the workspace.
 *
 * Entries: `src/index.ts` (the library), `src/cli.ts` (the package's bin, when present)
 * and every `bench/*.bench.ts` (built to `dist/bench/*.bench.js`, where the harness's
 * runner finds them). JavaScript only: declaration files are a separate build for
 * publishing (tsup.types.ts, Nx target `build-types`).
 */
import fs from 'node:fs';
import type { Options } from 'tsup';

export function packageConfig(extra: Partial<Options> = {}): Options {
  const entry: Record<string, string> = { index: 'src/index.ts' };
  if (fs.existsSync('src/cli.ts')) entry.cli = 'src/cli.ts';
  if (fs.existsSync('src/child.ts')) entry.child = 'src/child.ts';
  if (fs.existsSync('bench')) {
    for (const f of fs.readdirSync('bench').sort()) {
      if (f.endsWith('.bench.ts')) entry[`bench/${f.slice(0, -'.ts'.length)}`] = `bench/${f}`;
    }
  }
  return {
    entry,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    clean: true,
    splitting: true,
    sourcemap: false,
    ...extra,
  };
}
