import { defineConfig } from 'tsup';
import { packageConfig } from '../../tsup.base';

// NOTE: the shared config knows index, cli, child and the bench files; the server process
// entry (`node dist/server.js --port 0`) and its model worker (`dist/engine-worker.js`, see
// src/worker-engine.ts) are this package's own, so they are added here.
const base = packageConfig();
export default defineConfig({
  ...base,
  entry: { ...(base.entry as Record<string, string>), server: 'src/server.ts', 'engine-worker': 'src/engine-worker.ts' },
});
