/**
 * Reading a baseline report and checking it was measured on this kind of machine.
 * A baseline that is missing, not JSON, not a report, or of another schema major version is
 * an error (exit 2 in the CLI), never a pass.
 */
import { SCHEMA_VERSION, SchemaValidationError, assertValid, isCompatibleVersion } from '@rhenium-perf/schema';
import type { Environment, Report } from '@rhenium-perf/schema';
import { jsonErrorLocation, parseJson, readJsonText } from '../json';
import { BaselineError } from './errors';

const REMAKE = 'make a new one with `rhenium-perf baseline update`';

/**
 * Parse and validate the text of a baseline report; `source` names the file in messages.
 * @example parseBaseline(fs.readFileSync('baselines/v1.0.json', 'utf8'), 'baselines/v1.0.json')
 */
export function parseBaseline(text: string, source: string): Report {
  let doc: unknown;
  try {
    doc = parseJson(text);
  } catch (error) {
    throw new BaselineError(
      'RPERF_BASELINE_NOT_JSON',
      `${source} is not JSON (${jsonErrorLocation(text, error)}); restore it from git or ${REMAKE}`,
    );
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new BaselineError('RPERF_BASELINE_NOT_REPORT', `${source} is JSON but not a report (received ${Array.isArray(doc) ? 'an array' : JSON.stringify(doc)}); pass a report.json written by \`rhenium-perf merge\` or ${REMAKE}`);
  }
  const record = doc as Record<string, unknown>;
  if (record.kind === 'results') {
    throw new BaselineError(
      'RPERF_BASELINE_NOT_REPORT',
      `${source} is a per-package results file, not a report; merge the package files first (\`rhenium-perf merge\`) and pass the report.json`,
    );
  }
  if ('schema_version' in record && !isCompatibleVersion(record.schema_version)) {
    throw new BaselineError(
      'RPERF_BASELINE_VERSION',
      `${source} has schema_version ${JSON.stringify(record.schema_version)}, this version reads ${SCHEMA_VERSION.split('.')[0]}.x; ${REMAKE}`,
    );
  }
  try {
    return assertValid<Report>('report', doc, source);
  } catch (error) {
    if (error instanceof SchemaValidationError) {
      throw new BaselineError('RPERF_BASELINE_NOT_REPORT', `${error.message}; pass a report.json written by \`rhenium-perf merge\` or ${REMAKE}`, error.issues);
    }
    throw error;
  }
}

/** Read a baseline report from `path` (see `parseBaseline`). */
export function loadBaseline(path: string): Report {
  let text: string;
  try {
    text = readJsonText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`;
    throw new BaselineError('RPERF_BASELINE_MISSING', `baseline ${path} ${why}; check --baseline or ${REMAKE}`);
  }
  return parseBaseline(text, path);
}

/** Outcome of the environment check. */
export interface EnvironmentCheck {
  matched: boolean;
  /** Fields that differ, as `cpu: "A" -> "B"`. */
  differences: string[];
}

const FINGERPRINT_FIELDS: readonly (keyof Environment)[] = ['node', 'cpu', 'cpu_count', 'arch', 'os', 'gpu'];

/**
 * Compare machine fingerprints. Throws `RPERF_BASELINE_ENV_MISMATCH` on a mismatch unless
 * `allowEnvMismatch`, in which case the differences are returned for a warning.
 */
export function checkEnvironment(
  current: Pick<Report, 'environment'>,
  baseline: Pick<Report, 'environment'>,
  options: { allowEnvMismatch?: boolean; baselineSource?: string } = {},
): EnvironmentCheck {
  const a = baseline.environment;
  const b = current.environment;
  if (a.machine_fingerprint === b.machine_fingerprint) return { matched: true, differences: [] };
  const differences = FINGERPRINT_FIELDS.filter((k) => a[k] !== b[k]).map((k) => `${k}: ${JSON.stringify(a[k])} -> ${JSON.stringify(b[k])}`);
  if (differences.length === 0) differences.push(`machine_fingerprint: ${a.machine_fingerprint} -> ${b.machine_fingerprint}`);
  if (!options.allowEnvMismatch) {
    const source = options.baselineSource ?? 'the baseline';
    throw new BaselineError(
      'RPERF_BASELINE_ENV_MISMATCH',
      `${source} was measured on another machine (fingerprint ${a.machine_fingerprint}, this one ${b.machine_fingerprint}; ${differences.join(', ')}); ` +
        `make a baseline on this machine with \`rhenium-perf baseline update\`, or pass --allow-env-mismatch to compare anyway`,
      differences,
    );
  }
  return { matched: false, differences };
}
