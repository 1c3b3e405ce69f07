/**
 * The declaration-file build of a package (`npm run build-types` in it, Nx target
 * `build-types`), apart from its JavaScript build (`build`, tsup.base.ts).
 *
 * Declarations are for publishing: the workspace typechecks against the sources (the
 * `@rhenium-perf/source` condition) and the benches run the JavaScript, so `build` (which
 * every bench, A/B side and smoke run waits for) skips them; rolling them up was ~85% of a
 * package's build time. Entries: every subpath export whose source is `./src/*.ts`, so the
 * declarations match what the package exports (`.` → index.d.ts, `./args` → args.d.ts).
 * They go to `dist-types/` (package.json `types` and each export's `types` point there), not
 * to `dist/`: Nx restores a cached `build` by replacing `dist/`, which would drop them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'tsup';

function declarationEntries(): Record<string, string> {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { exports?: Record<string, unknown> };
  const entries: Record<string, string> = {};
  for (const target of Object.values(pkg.exports ?? {})) {
    const source = typeof target === 'object' && target ? (target as Record<string, unknown>)['@rhenium-perf/source'] : undefined;
    if (typeof source === 'string' && /^\.\/src\/[^*]+\.ts$/.test(source)) entries[path.basename(source, '.ts')] = source.slice(2);
  }
  if (!entries.index) throw new Error(`${process.cwd()}: package.json exports no "." with a "@rhenium-perf/source" ./src/*.ts entry; nothing to declare`);
  return entries;
}

export default defineConfig(() => {
  const entry = declarationEntries();
  return { entry, outDir: 'dist-types', format: ['esm'], platform: 'node', target: 'node20', dts: { entry, only: true }, clean: true, silent: true };
});
