/**
 * Writes src/schemas.generated.ts (see src/schema-codegen.ts):
 *   npm run generate-schemas -w @rhenium-perf/api-readiness
 */
import { writeFileSync } from 'node:fs';
import { GENERATED_MODULE, generateSchemaModule } from '../src/schema-codegen';

const out = new URL(`../${GENERATED_MODULE}`, import.meta.url);
writeFileSync(out, await generateSchemaModule());
console.log(`wrote ${GENERATED_MODULE}`);
