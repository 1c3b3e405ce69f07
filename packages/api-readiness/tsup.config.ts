import { defineConfig } from 'tsup';
import { packageConfig } from '../../tsup.base';

// NOTE: the shared config knows index, cli, child and the bench files; the server process
// entry (`node dist/server.js --port 0`) is this package's own, so it is added here.
const base = packageConfig();
export default defineConfig({
  ...base,
  entry: { ...(base.entry as Record<string, string>), server: 'src/server.ts' },
});
