/**
 * The comparison config: parse and validate (a JSON file), then resolve the rule of one
 * metric of one benchmark.
 */
import { formatErrors, getValidator } from '@rhenium-perf/schema';
import type { ComparisonMetric } from '@rhenium-perf/schema';
import { DEFAULT_ALPHA, DEFAULT_SINGLE_SAMPLE_POLICY, DEFAULT_THRESHOLDS } from './defaults';
import { jsonErrorLocation, parseJson, readJsonText } from '../json';
import { CompareConfigError } from './errors';
import type { CompareConfig, MetricPolicy, MetricOverrides, TestSidedness } from './types';

import schemaDocument from './compare-config.schema.json';

/** JSON Schema of the comparison config file. */
// NOTE: imported (not read at run time) so the bundler inlines it into dist.
export const compareConfigSchema = schemaDocument as Record<string, unknown>;

/**
 * Validate a parsed config document; throws `CompareConfigError` naming `source` and the fix.
 * @example parseCompareConfig({ thresholds: { latency_p95_ms: 0.15 } }, 'perf.config.json')
 */
export function parseCompareConfig(doc: unknown, source: string): CompareConfig {
  const validate = getValidator(compareConfigSchema);
  if (validate(doc)) return doc as CompareConfig;
  const errors = formatErrors(validate.errors);
  throw new CompareConfigError(
    'RPERF_COMPARE_CONFIG_INVALID',
    `${source} is not a valid comparison config: ${errors.slice(0, 5).join('; ')}; fix these fields (thresholds are fractions, 0.1 = 10%; see docs/perf/metrics.md)`,
    errors,
  );
}

/** Read, parse and validate a config file. */
export function loadCompareConfig(path: string): CompareConfig {
  let text: string;
  try {
    text = readJsonText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new CompareConfigError('RPERF_COMPARE_CONFIG_UNREADABLE', `${path} cannot be read (${code}); check the path given for the comparison config`);
  }
  let doc: unknown;
  try {
    doc = parseJson(text);
  } catch (error) {
    throw new CompareConfigError('RPERF_COMPARE_CONFIG_UNREADABLE', `${path} is not JSON (${jsonErrorLocation(text, error)}); fix the syntax`);
  }
  return parseCompareConfig(doc, path);
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** The overrides that apply to `id`: matching patterns in file order, then the exact id. */
function overridesFor(config: CompareConfig, id: string): MetricOverrides[] {
  const out: MetricOverrides[] = [config];
  const entries = Object.entries(config.benchmarks ?? {});
  for (const [key, value] of entries) if (key.includes('*') && globToRegExp(key).test(id)) out.push(value);
  const exact = config.benchmarks?.[id];
  if (exact) out.push(exact);
  return out;
}

/** The threshold and single-sample policy of one metric of one benchmark. */
export function resolveMetricPolicy(config: CompareConfig, id: string, metric: ComparisonMetric): MetricPolicy {
  let threshold = DEFAULT_THRESHOLDS[metric];
  let singleSample = DEFAULT_SINGLE_SAMPLE_POLICY[metric];
  for (const o of overridesFor(config, id)) {
    threshold = o.thresholds?.[metric] ?? threshold;
    if (metric === 'rss_mb_peak') singleSample = o.single_sample?.rss_mb_peak ?? singleSample;
  }
  return { threshold, singleSample };
}

/** The run-wide settings: α and sidedness. */
export function resolveRunSettings(config: CompareConfig): { alpha: number; sidedness: TestSidedness } {
  return { alpha: config.alpha ?? DEFAULT_ALPHA, sidedness: config.sidedness ?? 'two-sided' };
}
