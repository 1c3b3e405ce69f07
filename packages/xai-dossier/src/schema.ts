/**
 * The dossier JSON Schema (`dossier.schema.json` of @rhenium-perf/schema) and its validator.
 */
import { createRequire } from 'node:module';
import { formatErrors, getValidator } from '@rhenium-perf/schema';
import { XaiError } from './errors';
import type { Dossier } from './types';

const require = createRequire(import.meta.url);

/**
 * The dossier schema document. NOTE: loaded through the schema package's `./schemas/*`
 * export, so the source tree and a published install read the same file.
 */
export const dossierSchema: Readonly<Record<string, unknown>> = Object.freeze(
  require('@rhenium-perf/schema/schemas/dossier.schema.json') as Record<string, unknown>,
);

/** Validate a dossier: `{ valid: true }` or the problems, one line each (`/findings/0/voxels: must be integer`). */
export function validateDossier(doc: unknown): { valid: true } | { valid: false; errors: string[] } {
  const fn = getValidator(dossierSchema as Record<string, unknown>);
  if (fn(doc)) return { valid: true };
  const errors = formatErrors(fn.errors);
  return { valid: false, errors: errors.length > 0 ? errors : ['/: is invalid'] };
}

/** Validate and return the dossier typed, or throw RPERF_XAI_DOSSIER_INVALID naming the first problems. */
export function assertDossier(doc: unknown, source = 'dossier'): Dossier {
  const r = validateDossier(doc);
  if (r.valid) return doc as Dossier;
  const more = r.errors.length > 5 ? ` (+${r.errors.length - 5} more)` : '';
  throw new XaiError('RPERF_XAI_DOSSIER_INVALID', `${source} does not validate against dossier.schema.json: ${r.errors.slice(0, 5).join('; ')}${more}`);
}
