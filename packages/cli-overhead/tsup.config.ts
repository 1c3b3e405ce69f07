import { defineConfig } from 'tsup';
import { packageConfig } from '../../tsup.base';

// NOTE: the shared config builds index, cli (the bench bin) and the bench files; the
// `rhenium` tool is a fourth entry. Its commands are reached through dynamic imports, which
// esbuild's splitting turns into chunks loaded only by the command that runs.
const base = packageConfig();

export default defineConfig({
  ...base,
  entry: { ...(base.entry as Record<string, string>), rhenium: 'src/rhenium.ts' },
});
