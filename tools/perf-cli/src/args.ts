/**
 * Argument parsing of rhenium-perf: the seed's options plus the subcommands. Owns the
 * usage errors (exit 2); never exits itself.
 */
import { listOption, parseCommandLine, type CommandLine, type CommandLineOptions } from '@rhenium-perf/harness';
import { PerfCliError } from './errors';
import { parseShard, type Shard } from './shard';

/** `rhenium-perf [run options]`: run the suite (the default command). */
export interface RunArgs {
  command: 'run';
  mode: 'smoke' | 'full';
  device: 'cpu' | 'cuda' | 'auto';
  jsonOut: boolean;
  baseline: string | null;
  failOnRegression: boolean;
  allowEnvMismatch: boolean;
  outputDir: string | null;
  verbose: boolean;
  affected: boolean;
  base: string | null;
  filter: string | null;
  fresh: boolean;
  formats: string[];
  /** Comparison config (thresholds per case), as in compare. */
  config: string | null;
  /** Also fail (exit 1) on these states besides regression. */
  failOn: FailOnState[];
  /** Render the dashboard and diagrams into this folder too (default: only under the output folder). */
  docsDir: string | null;
  /** Run only this share of the selected projects (`--shard k/n`). */
  shard: Shard | null;
  /** Print the projects and cases the run would measure, and measure nothing. */
  dryRun: boolean;
  /** Processes of every case (the harness's `--processes`); null: the mode's and the cases' own. */
  processes: number | null;
}

/** States that `--fail-on` can add to the failing ones. */
export type FailOnState = 'inconclusive' | 'missing';

/** `rhenium-perf ab --base REF [...]`: same-job A/B comparison. */
export interface AbArgs {
  command: 'ab';
  base: string;
  head: string | null;
  mode: 'smoke' | 'full';
  device: 'cpu' | 'cuda' | 'auto';
  filter: string | null;
  affected: boolean;
  budgetSec: number;
  minRounds: number;
  maxRounds: number;
  alpha: number;
  seed: number;
  outputDir: string | null;
  formats: string[];
  config: string | null;
  failOnRegression: boolean;
  failOn: FailOnState[];
  verbose: boolean;
  /** Compare only this share of the selected projects (`--shard k/n`). */
  shard: Shard | null;
  /** CPU-profile each regressed case on both sides after the comparison (`--profile-regressions`). */
  profileRegressions: boolean;
}

/** `rhenium-perf merge [FILES...] [--input-dir DIR] [--output FILE]`. */
export interface MergeArgs {
  command: 'merge';
  files: string[];
  inputDir: string | null;
  output: string | null;
  allowEnvMismatch: boolean;
}

/** `rhenium-perf compare --baseline FILE [--input FILE] [--fail-on-regression]`. */
export interface CompareArgs {
  command: 'compare';
  input: string | null;
  baseline: string | null;
  failOnRegression: boolean;
  allowEnvMismatch: boolean;
  config: string | null;
  output: string | null;
  failOn: FailOnState[];
}

/** `rhenium-perf render [--input FILE] [--output-dir DIR] [--format F]`. */
export interface RenderArgs {
  command: 'render';
  input: string | null;
  outputDir: string | null;
  docsDir: string | null;
  formats: string[];
}

/** `rhenium-perf baseline update [--input FILE] [--output FILE]`. */
export interface BaselineArgs {
  command: 'baseline-update';
  input: string | null;
  output: string | null;
}

/** `rhenium-perf validate FILE...`: check reports or results files against the schema. */
export interface ValidateArgs {
  command: 'validate';
  files: string[];
}

/**
 * `rhenium-perf history add|import|changes`: keep a compact record of each report per machine,
 * and detect change points over it.
 */
export interface HistoryArgs {
  command: 'history';
  action: 'add' | 'import' | 'changes';
  /** add: the report (default artifacts/perf/report.json). */
  input: string | null;
  /** import: report files. */
  files: string[];
  /** The history folder (default artifacts/perf/history). */
  historyDir: string | null;
  /** changes: the acknowledged-changes file (default perf-changes.json at the workspace root, when present). */
  acknowledged: string | null;
  /** changes: smallest relative step reported (default 0.05). */
  minChange: number;
  /** changes: significance level of the permutation test (default 0.01). */
  alpha: number;
  /** changes: only this machine fingerprint (default: every fingerprint, each on its own). */
  fingerprint: string | null;
}

/** `rhenium-perf profile CASE_ID [--base REF]`: CPU profiles of one case's measured calls. */
export interface ProfileArgs {
  command: 'profile';
  caseId: string;
  base: string | null;
  outputDir: string | null;
  verbose: boolean;
}

/** `rhenium-perf site --output DIR [--input report.json] [--history DIR]`: a static HTML site. */
export interface SiteArgs {
  command: 'site';
  /** The report (default artifacts/perf/report.json). */
  input: string | null;
  /** The history folder (default artifacts/perf/history; the site is built without history when that default is absent). */
  historyDir: string | null;
  /** The site's folder (required). */
  output: string;
}

export type ParsedArgs =
  | AbArgs | ValidateArgs | RunArgs | MergeArgs | CompareArgs | RenderArgs | BaselineArgs | HistoryArgs | ProfileArgs | SiteArgs
  | { command: 'help'; topic: string | null } | { command: 'version' };

export const EXPORT_FORMATS = ['bmf', 'github-action-benchmark'] as const;

export const HELP = `Usage: rhenium-perf [options]            run the suite through Nx, merge, compare, render
       rhenium-perf ab --base REF          compare the working tree with a base commit, side by side, now
       rhenium-perf merge [FILES...]       merge results files into a report
       rhenium-perf compare --baseline F   compare a report with a baseline report
       rhenium-perf render                 render dashboard, perf card and diagrams from a report
       rhenium-perf baseline update        copy a report to a baseline file
       rhenium-perf validate FILE...       check reports or results files against the schema
       rhenium-perf history add            append a report to the history (history import FILE... for old ones)
       rhenium-perf history changes        list the change points detected in the history
       rhenium-perf profile CASE_ID        CPU profiles of one case's measured calls (head, and --base REF)
       rhenium-perf site --output DIR      a static HTML site of the report and the history (open DIR/index.html)

Run options:
  --smoke               Run the smoke subset (the default)
  --full                Run the full suite
  --device DEVICE       cpu, cuda or auto (default cpu)
  --json-out            Write the JSON report to <output-dir>/report.json (always written; kept for the seed's CLI)
  --baseline PATH       Compare against a baseline report
  --fail-on-regression  Exit 1 if a regression is found
  --fail-on STATE       Also exit 1 on this state: inconclusive or missing (repeatable)
  --config FILE         Comparison config: thresholds per case (see docs/perf/metrics.md)
  --docs-dir DIR        Also render the dashboard and diagrams into DIR (e.g. docs/perf); default: only under the output folder
  --allow-env-mismatch  Compare even when the baseline was made on another machine fingerprint
  --output-dir PATH     Output directory (default artifacts/perf)
  --affected            Only the benches Nx computes as affected
  --base REF            Base of --affected (default: Nx's defaultBase, main)
  --filter REGEX        Only cases whose id matches REGEX
  --fresh               Measure again even where Nx has a cached result
  --format FORMAT       Also export as bmf or github-action-benchmark (repeatable)
  --shard K/N           Only the K-th of N shares of the packages, balanced by the durations recorded
                        in --baseline or baselines/v1.0.json (merge the shards' results files after)
  --dry-run             Print the packages and cases the run would measure (one per line); measure nothing
  --processes N         Independent processes of every case (default: full 3, smoke 1, or the case's own);
                        e.g. 5 for a nightly --baseline comparison with more power (docs/perf/metrics.md)
  -v, --verbose         Verbose output
  -h, --help            Show this help
  --version             Show the version

ab options:        --base REF (required) --head REF (default: the working tree) --smoke | --full --filter REGEX
                   --affected (projects Nx finds changed between base and head) --budget 8m (time for the rounds)
                   --min-rounds 8 --max-rounds 30 --alpha 0.05 --seed 1 --output-dir DIR --format FORMAT
                   --config FILE --fail-on-regression --fail-on inconclusive --device DEVICE --shard K/N -v
                   --profile-regressions (CPU profiles of up to 3 regressed cases, both sides, linked from ab.md)
merge options:     [FILES...] --input-dir DIR (default artifacts/perf/packages) --output FILE --allow-env-mismatch
compare options:   --baseline FILE --input FILE (default artifacts/perf/report.json) --config FILE
                   --fail-on-regression --fail-on STATE --allow-env-mismatch --output FILE (report with the comparison)
render options:    --input FILE --output-dir DIR --docs-dir DIR (default docs/perf) --format FORMAT
baseline update:   --input FILE (default artifacts/perf/report.json) --output FILE (default baselines/v1.0.json)
history:           add [--input FILE] | import FILE... | changes [--min-change 0.05] [--alpha 0.01] [--fingerprint FP]
                   [--acknowledged FILE]; all take --history DIR (default artifacts/perf/history)
profile options:   --base REF (also profile the base, and compare) --output-dir DIR (default artifacts/perf/profiles) -v
site options:      --output DIR (required; replaced as a whole) --input FILE (default artifacts/perf/report.json)
                   --history DIR (default artifacts/perf/history, skipped when absent)

Exit codes: 0 success, 1 a benchmark failed or a regression was found (with --fail-on-regression),
2 usage or configuration error (bad option, missing or invalid baseline, unwritable output).`;

function usage(message: string): PerfCliError {
  return new PerfCliError('RPERF_USAGE', `${message}; see rhenium-perf --help`);
}

/**
 * Options of one command, by name without `--` ('string' takes a value, 'list' a repeatable
 * value, 'bool' none); `-v` is short for `--verbose` wherever the command has it.
 */
type Flags = Record<string, 'bool' | 'string' | 'list'>;

function parseWith(flags: Flags, argv: readonly string[], positionals = false): { values: CommandLine['values']; positional: string[] } {
  const options: CommandLineOptions = {};
  for (const [name, kind] of Object.entries(flags)) {
    options[name] = kind === 'bool' ? { type: 'boolean' } : { type: 'string', multiple: kind === 'list' };
    if (name === 'verbose') options[name] = { type: 'boolean', short: 'v' };
  }
  const { values, positionals: positional } = parseCommandLine(argv, options, (m) => usage(m), { positionals });
  return { values, positional };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function checkFailOn(list: string[]): FailOnState[] {
  for (const f of list) if (f !== 'inconclusive' && f !== 'missing') throw usage(`--fail-on must be inconclusive or missing, received "${f}"`);
  return list as FailOnState[];
}

function intIn(flag: string, v: unknown, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw usage(`${flag} needs an integer from ${min} to ${max}, received "${String(v)}"`);
  return n;
}

/** A duration: "8m", "90s", "1h", or seconds. */
export function parseDuration(flag: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(v.trim());
  const sec = m ? Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1) : NaN;
  if (!(sec > 0 && sec <= 24 * 3600)) throw usage(`${flag} needs a duration such as 8m, 90s or 1h (at most 24h), received "${v}"`);
  return sec;
}

function checkFilter(filter: string | null): string | null {
  if (filter !== null) {
    try {
      new RegExp(filter);
    } catch {
      throw usage(`--filter "${filter}" is not a valid regular expression`);
    }
  }
  return filter;
}

function shardOf(v: unknown): Shard | null {
  return typeof v === 'string' ? parseShard(v) : null;
}

function checkFormats(list: string[]): string[] {
  for (const f of list) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(f)) throw usage(`--format must be one of ${EXPORT_FORMATS.join(', ')}, received "${f}"`);
  }
  return list;
}

/** Parse rhenium-perf's arguments. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [first, second] = argv;
  if (first === '-h' || first === '--help' || first === 'help') return { command: 'help', topic: null };
  if (first === '--version') return { command: 'version' };
  if (first === 'merge') {
    const { values, positional } = parseWith({ 'input-dir': 'string', output: 'string', 'allow-env-mismatch': 'bool' }, argv.slice(1), true);
    return { command: 'merge', files: positional, inputDir: str(values['input-dir']), output: str(values.output), allowEnvMismatch: values['allow-env-mismatch'] === true };
  }
  if (first === 'ab') {
    const { values } = parseWith(
      {
          base: 'string', head: 'string', smoke: 'bool', full: 'bool', device: 'string', filter: 'string', affected: 'bool',
          budget: 'string', 'min-rounds': 'string', 'max-rounds': 'string', alpha: 'string', seed: 'string', 'output-dir': 'string',
          format: 'list', config: 'string', 'fail-on-regression': 'bool', 'fail-on': 'list', verbose: 'bool', shard: 'string',
          'profile-regressions': 'bool',
        },
      argv.slice(1),
    );
    const base = str(values.base);
    if (!base) throw usage('ab needs --base REF (the commit to compare with, e.g. --base origin/main or --base HEAD~1)');
    if (values.smoke && values.full) throw usage('--smoke and --full cannot be used together; choose one');
    const device = str(values.device) ?? 'cpu';
    if (device !== 'cpu' && device !== 'cuda' && device !== 'auto') throw usage(`--device must be cpu, cuda or auto, received "${device}"`);
    const minRounds = intIn('--min-rounds', values['min-rounds'], 8, 2, 1000);
    const maxRounds = intIn('--max-rounds', values['max-rounds'], Math.max(30, minRounds), minRounds, 1000);
    const alpha = values.alpha === undefined ? 0.05 : Number(values.alpha);
    if (!(alpha > 0 && alpha < 0.5)) throw usage(`--alpha needs a number in (0, 0.5), received "${String(values.alpha)}"`);
    return {
      command: 'ab', base, head: str(values.head), mode: values.full ? 'full' : 'smoke', device, filter: checkFilter(str(values.filter)),
      affected: values.affected === true, budgetSec: values.budget === undefined ? 480 : parseDuration('--budget', String(values.budget)),
      minRounds, maxRounds, alpha, seed: intIn('--seed', values.seed, 1, 0, 2 ** 31), outputDir: str(values['output-dir']),
      formats: checkFormats(listOption(values, 'format')), config: str(values.config),
      failOnRegression: values['fail-on-regression'] === true, failOn: checkFailOn(listOption(values, 'fail-on')),
      verbose: values.verbose === true,
      shard: shardOf(values.shard),
      profileRegressions: values['profile-regressions'] === true,
    };
  }
  if (first === 'history') {
    const action = second;
    if (action !== 'add' && action !== 'import' && action !== 'changes') {
      throw usage(`history needs add, import or changes, received ${action === undefined ? 'nothing' : `"${action}"`}`);
    }
    const { values, positional } = parseWith(
      { input: 'string', history: 'string', acknowledged: 'string', 'min-change': 'string', alpha: 'string', fingerprint: 'string' },
      argv.slice(2),
      action === 'import',
    );
    if (action === 'import' && positional.length === 0) throw usage('history import needs at least one report FILE');
    const minChange = values['min-change'] === undefined ? 0.05 : Number(values['min-change']);
    if (!(minChange >= 0 && minChange < 10)) throw usage(`--min-change needs a relative change such as 0.05, received "${String(values['min-change'])}"`);
    const alpha = values.alpha === undefined ? 0.01 : Number(values.alpha);
    if (!(alpha > 0 && alpha < 0.5)) throw usage(`--alpha needs a number in (0, 0.5), received "${String(values.alpha)}"`);
    return {
      command: 'history', action, input: str(values.input), files: positional, historyDir: str(values.history),
      acknowledged: str(values.acknowledged), minChange, alpha, fingerprint: str(values.fingerprint),
    };
  }
  if (first === 'profile') {
    const { values, positional } = parseWith({ base: 'string', 'output-dir': 'string', verbose: 'bool' }, argv.slice(1), true);
    if (positional.length !== 1) throw usage(`profile needs one CASE_ID (the id of a case, as --dry-run lists them), received ${positional.length}`);
    return { command: 'profile', caseId: positional[0]!, base: str(values.base), outputDir: str(values['output-dir']), verbose: values.verbose === true };
  }
  if (first === 'site') {
    const { values } = parseWith({ input: 'string', history: 'string', output: 'string' }, argv.slice(1));
    const output = str(values.output);
    if (!output) throw usage('site needs --output DIR (the folder to write the site into, e.g. --output artifacts/perf/site/html)');
    return { command: 'site', input: str(values.input), historyDir: str(values.history), output };
  }
  if (first === 'validate') {
    const { positional } = parseWith({}, argv.slice(1), true);
    if (positional.length === 0) throw usage('validate needs at least one FILE');
    return { command: 'validate', files: positional };
  }
  if (first === 'compare') {
    const { values } = parseWith(
      { baseline: 'string', input: 'string', 'fail-on-regression': 'bool', 'fail-on': 'list', 'allow-env-mismatch': 'bool', config: 'string', output: 'string' },
      argv.slice(1),
    );
    if (!values.baseline) throw usage('compare needs --baseline FILE');
    return {
      command: 'compare', input: str(values.input), baseline: str(values.baseline),
      failOnRegression: values['fail-on-regression'] === true, allowEnvMismatch: values['allow-env-mismatch'] === true,
      config: str(values.config), output: str(values.output), failOn: checkFailOn(listOption(values, 'fail-on')),
    };
  }
  if (first === 'render') {
    const { values } = parseWith({ input: 'string', 'output-dir': 'string', 'docs-dir': 'string', format: 'list' }, argv.slice(1));
    return {
      command: 'render', input: str(values.input), outputDir: str(values['output-dir']), docsDir: str(values['docs-dir']),
      formats: checkFormats(listOption(values, 'format')),
    };
  }
  if (first === 'baseline') {
    if (second !== 'update') throw usage(`baseline needs the subcommand "update", received ${second === undefined ? 'nothing' : `"${second}"`}`);
    const { values } = parseWith({ input: 'string', output: 'string' }, argv.slice(2));
    return { command: 'baseline-update', input: str(values.input), output: str(values.output) };
  }
  const { values } = parseWith(
      {
        smoke: 'bool', full: 'bool', device: 'string', 'json-out': 'bool', baseline: 'string',
        'fail-on-regression': 'bool', 'allow-env-mismatch': 'bool', 'output-dir': 'string', verbose: 'bool',
        affected: 'bool', base: 'string', filter: 'string', fresh: 'bool', format: 'list',
        config: 'string', 'fail-on': 'list', 'docs-dir': 'string', shard: 'string', 'dry-run': 'bool',
        processes: 'string',
      },
    argv,
  );
  if (values.smoke && values.full) throw usage('--smoke and --full cannot be used together; choose one');
  const device = str(values.device) ?? 'cpu';
  if (device !== 'cpu' && device !== 'cuda' && device !== 'auto') throw usage(`--device must be cpu, cuda or auto, received "${device}"`);
  const filter = checkFilter(str(values.filter));
  if (values.base && !values.affected) throw usage('--base only applies with --affected');
  if (values['fail-on-regression'] && !values.baseline) throw usage('--fail-on-regression needs --baseline PATH (a missing baseline is never a pass); for the PR gate use rhenium-perf ab --base REF');
  if (values.config && !values.baseline) throw usage('--config applies to the comparison: it needs --baseline PATH');
  return {
    command: 'run',
    mode: values.full ? 'full' : 'smoke',
    device,
    jsonOut: values['json-out'] === true,
    baseline: str(values.baseline),
    failOnRegression: values['fail-on-regression'] === true,
    allowEnvMismatch: values['allow-env-mismatch'] === true,
    outputDir: str(values['output-dir']),
    verbose: values.verbose === true,
    affected: values.affected === true,
    base: str(values.base),
    filter,
    fresh: values.fresh === true,
    formats: checkFormats(listOption(values, 'format')),
    config: str(values.config),
    failOn: checkFailOn(listOption(values, 'fail-on')),
    docsDir: str(values['docs-dir']),
    shard: shardOf(values.shard),
    dryRun: values['dry-run'] === true,
    processes: values.processes === undefined ? null : intIn('--processes', values.processes, 0, 1, 100),
  };
}
