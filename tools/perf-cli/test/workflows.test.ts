// The GitHub Actions workflows under .github/workflows/, checked offline: checkWorkflow reads
// a workflow's text and returns its problems (nothing runs, nothing is downloaded). Beyond the
// shape GitHub needs (name, on, jobs; runs-on and steps; one of run/uses per step; pinned
// actions; needs and matrix references that resolve), it checks that every command is one a
// developer runs here: `npm run <script>` names a root script, and the words after
// `npm run perf --` are accepted by rhenium-perf's own parser (parseArgs), every target of
// `nx run-many -t …` is a script of some workspace package (Nx's inferred targets), with each
// `${{ … }}` replaced by a plausible value. A broken copy of each workflow, made from its real
// text, shows that the check finds the fault.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/args';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const workflowsDir = path.join(repoRoot, '.github', 'workflows');
const rootScripts = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};

/** Targets Nx infers for the workspace: the scripts of every package under packages/ and tools/. */
const workspaceTargets = new Set(
  ['packages', 'tools'].flatMap((top) =>
    fs.readdirSync(path.join(repoRoot, top)).flatMap((d) => {
      const f = path.join(repoRoot, top, d, 'package.json');
      return fs.existsSync(f) ? Object.keys((JSON.parse(fs.readFileSync(f, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {}) : [];
    }),
  ),
);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `owner/repo[/path]@v1[.2[.3]]` or `@<40-hex sha>`; a local `./action`; `docker://image:tag` or `@sha256:…`. */
function isPinned(uses: string): boolean {
  if (uses.startsWith('./')) return true;
  if (uses.startsWith('docker://')) return /^docker:\/\/[^@\s]+(:[\w.-]+|@sha256:[0-9a-f]{64})$/.test(uses);
  return /^[\w.-]+\/[\w.-]+(\/[^@\s]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/.test(uses);
}

/** Every string inside a parsed value. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (isObj(v)) return [...Object.keys(v), ...Object.values(v).flatMap(strings)];
  return [];
}

/** The contents of every `${{ … }}` in a text. */
function expressions(text: string): string[] {
  return [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1]!.trim());
}

/**
 * A plausible value for an expression in a command: the first value of a matrix entry, the
 * default of a workflow_dispatch input, a ref (`origin/main`, or `main` after a `/`), else `1`.
 */
function plausible(expr: string, before: string, job: Obj, workflow: Obj): string {
  const matrix = /^matrix\.([\w-]+)$/.exec(expr);
  if (matrix) {
    const values = isObj(job.strategy) && isObj(job.strategy.matrix) ? job.strategy.matrix[matrix[1]!] : undefined;
    return Array.isArray(values) && values.length > 0 ? String(values[0]) : '1';
  }
  const input = /^(?:github\.event\.)?inputs\.([\w-]+)$/.exec(expr);
  if (input && isObj(workflow.on) && isObj(workflow.on.workflow_dispatch) && isObj(workflow.on.workflow_dispatch.inputs)) {
    const spec = workflow.on.workflow_dispatch.inputs[input[1]!];
    if (isObj(spec) && spec.default !== undefined) return String(spec.default);
  }
  if (/\b(base_ref|head_ref|ref_name|ref|sha)\b|merge-base/.test(expr)) return before.endsWith('/') ? 'main' : 'origin/main';
  return '1';
}

/** Shell words of one line, quotes removed; `&&`, `||`, `;` and `|` are words of their own. */
function shellWords(line: string): string[] {
  const out: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      word = (word ?? '') + line.slice(i + 1, end < 0 ? line.length : end);
      i = end < 0 ? line.length : end;
    } else if (/\s/.test(c)) {
      if (word !== null) out.push(word);
      word = null;
    } else if (c === ';' || c === '|' || (c === '&' && line[i + 1] === '&')) {
      if (word !== null) out.push(word);
      word = null;
      const op = line.slice(i, i + 2) === '&&' || line.slice(i, i + 2) === '||' ? line.slice(i, i + 2) : c;
      out.push(op);
      i += op.length - 1;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== null) out.push(word);
  return out;
}

/** The commands of a `run:` text (expressions replaced), each as its words. */
function commandsOf(run: string, job: Obj, workflow: Obj): string[][] {
  const text = run.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, expr: string, offset: number, all: string) => plausible(expr.trim(), all.slice(0, offset), job, workflow));
  const out: string[][] = [];
  for (const line of text.split('\n')) {
    let cmd: string[] = [];
    for (const w of shellWords(line)) {
      if (w === '&&' || w === '||' || w === ';' || w === '|') {
        if (cmd.length) out.push(cmd);
        cmd = [];
      } else cmd.push(w);
    }
    if (cmd.length) out.push(cmd);
  }
  return out;
}

const NPM_SCRIPT_SHORTHANDS: Readonly<Record<string, string>> = { test: 'test', t: 'test', start: 'start', stop: 'stop', restart: 'restart' };

/** Problems of one command: npm scripts that do not exist, rhenium-perf arguments its parser rejects. */
function checkCommand(words: string[], where: string, scripts: Readonly<Record<string, string>>): string[] {
  const nx = words[0] === 'npx' && words[1] === 'nx' ? 2 : words[0] === 'nx' ? 1 : -1;
  if (nx > 0 && words[nx] === 'run-many') {
    const t = words.findIndex((w) => w === '-t' || w === '--targets' || w === '--target');
    const after = t < 0 ? [] : words.slice(t + 1);
    const end = after.findIndex((w) => w.startsWith('-'));
    const targets = (end < 0 ? after : after.slice(0, end)).flatMap((w) => w.split(','));
    if (targets.length === 0) return [`${where}: "nx run-many" names no target (-t)`];
    return targets.filter((x) => !workspaceTargets.has(x)).map((x) => `${where}: nx run-many -t ${x}: no workspace package has a "${x}" script (target)`);
  }
  if (words[0] !== 'npm') return [];
  const sub = words[1] ?? '';
  let script: string | undefined;
  let at = -1;
  if (sub === 'run' || sub === 'run-script') {
    at = words.findIndex((w, i) => i > 1 && !w.startsWith('-'));
    script = at < 0 ? undefined : words[at];
    if (script === undefined) return [`${where}: "npm ${sub}" names no script`];
  } else if (sub in NPM_SCRIPT_SHORTHANDS) {
    script = NPM_SCRIPT_SHORTHANDS[sub];
  }
  if (script === undefined) return [];
  if (!Object.hasOwn(scripts, script)) return [`${where}: npm run ${script}: no script "${script}" in the root package.json`];
  if (script !== 'perf') return [];
  const rest = words.slice(at + 1);
  if (rest.length > 0 && rest[0] !== '--') return [`${where}: npm run perf hands rhenium-perf only the words after "--", received "${rest.join(' ')}"`];
  const argv = rest.slice(1);
  try {
    parseArgs(argv);
    return [];
  } catch (err) {
    return [`${where}: rhenium-perf rejects "${argv.join(' ')}": ${(err as Error).message}`];
  }
}

/** The problems of a workflow's text (none: an empty list). */
function checkWorkflow(text: string, scripts: Readonly<Record<string, string>> = rootScripts): string[] {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) return [`does not parse as YAML: ${doc.errors[0]!.message.split('\n')[0]}`];
  const workflow: unknown = doc.toJSON();
  if (!isObj(workflow)) return ['is not a mapping at the top level'];
  const problems: string[] = [];
  for (const key of ['name', 'on', 'jobs']) if (!(key in workflow)) problems.push(`has no "${key}" at the top level`);
  if (!isObj(workflow.jobs)) return problems.length ? problems : ['"jobs" is not a mapping of job ids to jobs'];
  const jobIds = Object.keys(workflow.jobs);
  for (const [id, job] of Object.entries(workflow.jobs)) {
    const where = `job "${id}"`;
    if (!isObj(job)) {
      problems.push(`${where} is not a mapping`);
      continue;
    }
    const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
    for (const n of needs) if (!jobIds.includes(String(n))) problems.push(`${where} needs "${String(n)}", which is not a job of this workflow`);

    const matrix = isObj(job.strategy) ? job.strategy.matrix : undefined;
    if (typeof matrix !== 'string') {
      // A matrix computed by an expression (fromJSON) cannot be checked here; a static one can.
      const defined = new Set<string>();
      if (isObj(matrix)) {
        for (const k of Object.keys(matrix)) if (k !== 'include' && k !== 'exclude') defined.add(k);
        if (Array.isArray(matrix.include)) for (const row of matrix.include) if (isObj(row)) for (const k of Object.keys(row)) defined.add(k);
      }
      const used = new Set(strings(job).flatMap(expressions).flatMap((e) => [...e.matchAll(/\bmatrix\.([A-Za-z_][\w-]*)/g)].map((m) => m[1]!)));
      for (const k of used) if (!defined.has(k)) problems.push(`${where} uses matrix.${k} but defines no strategy.matrix.${k}`);
    }

    if (typeof job.uses === 'string') {
      // A reusable workflow: no runs-on or steps of its own.
      if (!isPinned(job.uses)) problems.push(`${where} uses ${job.uses}, which is not pinned to a version (@v… or a commit sha)`);
      continue;
    }
    if (!('runs-on' in job)) problems.push(`${where} has no runs-on`);
    if (!Array.isArray(job.steps) || job.steps.length === 0) {
      problems.push(`${where} has no steps`);
      continue;
    }
    job.steps.forEach((step: unknown, i) => {
      const at = `${where}, step ${i + 1}`;
      if (!isObj(step)) {
        problems.push(`${at} is not a mapping`);
        return;
      }
      const label = `${at} (${String(step.name ?? step.uses ?? step.run ?? '').split('\n')[0]})`;
      const hasRun = 'run' in step;
      const hasUses = 'uses' in step;
      if (hasRun && hasUses) problems.push(`${label} has both run and uses; a step has exactly one`);
      if (!hasRun && !hasUses) problems.push(`${label} has neither run nor uses; a step has exactly one`);
      if (hasUses && !(typeof step.uses === 'string' && isPinned(step.uses))) {
        problems.push(`${label} uses ${String(step.uses)}, which is not pinned to a version (@v… or a commit sha)`);
      }
      if (hasRun) {
        const run = String(step.run);
        if (run.trim().includes('\n')) problems.push(`${label} runs a multi-line script; a step runs one command that a developer runs locally`);
        for (const words of commandsOf(run, job, workflow)) problems.push(...checkCommand(words, label, scripts));
      }
    });
  }
  return problems;
}

/** The arguments of every `npm run perf --` in a workflow, expressions replaced as checkWorkflow does. */
function perfCommandsOf(text: string): string[][] {
  const workflow = YAML.parse(text) as Obj;
  const out: string[][] = [];
  for (const job of Object.values(workflow.jobs as Obj) as Obj[]) {
    for (const step of (job.steps ?? []) as Obj[]) {
      if (typeof step.run !== 'string') continue;
      for (const w of commandsOf(step.run, job, workflow)) if (w[0] === 'npm' && w[1] === 'run' && w[2] === 'perf' && w[3] === '--') out.push(w.slice(4));
    }
  }
  return out;
}

const read = (file: string): string => fs.readFileSync(path.join(workflowsDir, file), 'utf8');

/** The real text with `from` (which must occur exactly once) replaced by `to`. */
function broken(text: string, from: string, to: string): string {
  expect(text.split(from).length - 1, `"${from}" should occur once in the workflow`).toBe(1);
  return text.replace(from, to);
}

/** The broken copy has exactly one problem more than the real text, and it contains `expected`. */
function expectOneProblem(text: string, expected: string, real = ''): void {
  const known = new Set(real ? checkWorkflow(real) : []);
  const problems = checkWorkflow(text).filter((p) => !known.has(p));
  expect(problems, problems.join('\n')).toHaveLength(1);
  expect(problems[0]).toContain(expected);
}

describe('the committed workflows', () => {
  it('are the three of .github/workflows', () => {
    expect(fs.readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f)).sort()).toEqual(['perf-nightly.yml', 'perf-pr.yml', 'release.yml']);
  });

  it('perf-pr.yml has no problems', () => {
    expect(checkWorkflow(read('perf-pr.yml'))).toEqual([]);
  });

  // Needs `--shard k/n` in tools/perf-cli/src/args.ts: before it, the parser rejects the shard step.
  it('perf-nightly.yml has no problems', () => {
    expect(checkWorkflow(read('perf-nightly.yml'))).toEqual([]);
  });

  it('release.yml has no problems', () => {
    expect(checkWorkflow(read('release.yml'))).toEqual([]);
  });

  it('the check sees every rhenium-perf command, with the expressions replaced', () => {
    expect(perfCommandsOf(read('perf-pr.yml'))).toEqual([['ab', '--base', 'origin/main', '--affected', '--smoke', '--fail-on-regression', '--output-dir', 'artifacts/perf']]);
    const nightly = perfCommandsOf(read('perf-nightly.yml'));
    expect(nightly[0]).toEqual(['--full', '--shard', '1/3', '--output-dir', 'artifacts/perf/shard-1']);
    expect(nightly.map((w) => w[0])).toEqual(['--full', 'merge', 'validate', 'render']);
    expect(perfCommandsOf(read('release.yml'))).toEqual([]);
  });

  it('the nightly matrix and the /N of --shard agree', () => {
    const nightly = YAML.parse(read('perf-nightly.yml')) as { jobs: { shard: { strategy: { matrix: { shard: number[] }; 'fail-fast': boolean } } } };
    const shards = nightly.jobs.shard.strategy.matrix.shard;
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => i + 1));
    expect(nightly.jobs.shard.strategy['fail-fast']).toBe(false);
    expect(read('perf-nightly.yml')).toContain(`--shard \${{ matrix.shard }}/${shards.length} `);
  });
});

describe('a broken copy is caught', () => {
  it('not YAML', () => {
    expectOneProblem(read('release.yml') + '\n  oops: [unclosed\n', 'does not parse as YAML');
  });

  it('no "on"', () => {
    expectOneProblem(broken(read('release.yml'), '\non:\n', '\ntriggers:\n'), 'has no "on" at the top level');
  });

  describe('perf-pr.yml', () => {
    const text = read('perf-pr.yml');
    it('a step with both run and uses', () => {
      expectOneProblem(broken(text, '      - run: npm ci\n', '      - run: npm ci\n        uses: actions/setup-node@v4\n'), 'has both run and uses', text);
    });
    it('an action not pinned to a version', () => {
      expectOneProblem(broken(text, 'marocchino/sticky-pull-request-comment@v2', 'marocchino/sticky-pull-request-comment@main'), 'uses marocchino/sticky-pull-request-comment@main, which is not pinned', text);
    });
    it('an ab option rhenium-perf does not know', () => {
      expectOneProblem(broken(text, ' --fail-on-regression ', ' --fail-on-regresion '), 'rhenium-perf rejects "ab --base origin/main --affected --smoke --fail-on-regresion', text);
      expectOneProblem(broken(text, ' --fail-on-regression ', ' --fail-on-regresion '), 'unknown option "--fail-on-regresion"', text);
    });
    it('ab without its --base', () => {
      expectOneProblem(broken(text, 'ab --base origin/${{ github.base_ref }} ', 'ab '), 'ab needs --base REF', text);
    });
    it('a multi-line script', () => {
      expectOneProblem(broken(text, '      - run: npm ci\n', '      - run: |\n          npm ci\n          npm test\n'), 'runs a multi-line script', text);
    });
  });

  describe('perf-nightly.yml', () => {
    const text = read('perf-nightly.yml');
    it('needs a job that does not exist', () => {
      expectOneProblem(broken(text, 'needs: shard\n', 'needs: [shards]\n'), 'job "merge" needs "shards", which is not a job of this workflow', text);
    });
    it('a matrix value in a job without that matrix', () => {
      expectOneProblem(broken(text, 'name: merge, validate and render', 'name: merge after shard ${{ matrix.shard }}'), 'job "merge" uses matrix.shard but defines no strategy.matrix.shard', text);
    });
    it('a rhenium-perf option that does not exist', () => {
      expectOneProblem(broken(text, '--full --shard ${{ matrix.shard }}/3', '--full --shards ${{ matrix.shard }}/3'), 'unknown option "--shards"', text);
    });
    it('a shard out of range', () => {
      expectOneProblem(broken(text, '--shard ${{ matrix.shard }}/3', '--shard ${{ matrix.shard }}/0'), '--shard needs k/n', text);
    });
    it('a merge option that does not exist', () => {
      expectOneProblem(broken(text, 'merge --input-dir', 'merge --inputs'), 'unknown option "--inputs"', text);
    });
  });

  describe('release.yml', () => {
    const text = read('release.yml');
    it('an npm script that does not exist', () => {
      expectOneProblem(broken(text, '      - run: npx nx run-many -t build build-types\n', '      - run: npm run build:all\n'), 'npm run build:all: no script "build:all" in the root package.json', text);
    });
    it('an Nx target that no package has', () => {
      expectOneProblem(broken(text, '-t build build-types\n', '-t build build-typs\n'), 'nx run-many -t build-typs: no workspace package has a "build-typs" script (target)', text);
    });
    it('an action without a version', () => {
      expectOneProblem(broken(text, 'actions/setup-node@v4', 'actions/setup-node'), 'uses actions/setup-node, which is not pinned', text);
    });
    it('a step with neither run nor uses', () => {
      expectOneProblem(broken(text, '      - run: npm ci\n', '      - name: install\n'), 'has neither run nor uses', text);
    });
    it('a job without runs-on', () => {
      expectOneProblem(broken(text, '    runs-on: ubuntu-latest\n', ''), 'job "publish" has no runs-on', text);
    });
  });
});
