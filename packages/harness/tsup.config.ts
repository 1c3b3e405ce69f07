import { defineConfig } from 'tsup';
import { packageConfig } from '../../tsup.base';

// NOTE: the shared config builds index, cli and child; `src/args.ts` is a fourth entry,
// exported as `@rhenium-perf/harness/args`, so that a command whose cold start counts (the
// `rhenium` tool, the API server) gets the argument parser without loading the harness
// index (the runner, the environment capture, the schema). It imports node:util only.
// Its declarations (args.d.ts) come from build-types, which reads the exports map.
const base = packageConfig();

export default defineConfig({
  ...base,
  entry: { ...(base.entry as Record<string, string>), args: 'src/args.ts' },
});
