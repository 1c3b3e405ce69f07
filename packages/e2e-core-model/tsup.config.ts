import { defineConfig } from 'tsup';
import { packageConfig } from '../../tsup.base';

// NOTE: one extra entry beyond the shared config: the worker thread of the concurrency
// stress case (dist/pipeline-worker.js), which must be a file of its own.
const base = packageConfig();
export default defineConfig({ ...base, entry: { ...(base.entry as Record<string, string>), 'pipeline-worker': 'src/pipeline-worker.ts' } });
