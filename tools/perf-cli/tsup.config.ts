import fs from 'node:fs';
import { defineConfig } from 'tsup';
import { packageConfig } from '../../tsup.base';

// The perf card template lives in docs/perf/perfcard.md (the seed's place for it); the
// published CLI carries a copy in templates/ for use outside the workspace.
export default defineConfig(
  packageConfig({
    onSuccess: async () => {
      fs.copyFileSync('../../docs/perf/perfcard.md', 'templates/perfcard.md');
    },
  }),
);
