// `rhenium-perf history add|import|changes` end to end through main(), on a temporary history
// folder and synthetic reports (sampleReport() with the p50 set per run): 30 runs of two cases
// on one machine, one case slowed by 20% from run 15 on, 3% seeded log-normal noise on both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@rhenium-perf/fixtures';
import { sampleBenchmark, sampleEnvironment, sampleReport, validateHistoryRecord, type Report } from '@rhenium-perf/schema';
import { main } from '../main';

const FP = '0123456789abcdef';
const OTHER_FP = 'fedcba9876543210';
const STEPPED = 'recon_mri_zf_256_c1';
const FLAT = 'recon_mri_zf_256_c8';

/** The commit of run k: 40 hex digits, distinct per run. */
const sha = (k: number): string => (k + 1).toString(16).padStart(4, '0').repeat(10);

function caseAt(id: string, p50: number): Report['benchmarks'][number] {
  const samples = [0.99, 1, 1, 1.01, 1.02].map((f) => f * p50);
  return sampleBenchmark({
    id,
    samples_ms: samples,
    process_samples: [3, 2],
    latency_ms: { min: samples[0]!, max: samples[4]!, mean: samples.reduce((a, b) => a + b) / 5, std: 0.012 * p50, p50, p95: samples[4]!, p99: samples[4]! },
  });
}

function reportAt(k: number, p50s: Record<string, number>, fingerprint = FP): Report {
  const r = sampleReport();
  r.timestamp = new Date(Date.UTC(2026, 10, 1) + k * 3_600_000).toISOString();
  r.source = { ...r.source, git_sha: sha(k) };
  r.environment = { ...sampleEnvironment(), machine_fingerprint: fingerprint };
  r.packages = r.packages.map((p) => ({ ...p, environment: r.environment }));
  r.benchmarks = Object.entries(p50s).map(([id, v]) => caseAt(id, v));
  r.summary = { ...r.summary, total_benchmarks: r.benchmarks.length, passed: r.benchmarks.length };
  return r;
}

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(cwd: string, ...argv: string[]): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(argv, { stdout, stderr, cwd });
  return { code, out, err };
}

const lines = (s: string): string[] => s.split('\n').filter((l) => l !== '');

describe('rhenium-perf history', () => {
  let tmp: string;
  let hist: string;
  const files: string[] = [];

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-history-'));
    hist = path.join(tmp, 'history');
    const rng = createRng(14);
    for (let k = 0; k < 30; k++) {
      const noisy = (v: number): number => v * Math.exp(0.03 * rng.normal());
      const f = path.join(tmp, `report-${String(k).padStart(2, '0')}.json`);
      fs.writeFileSync(f, JSON.stringify(reportAt(k, { [STEPPED]: noisy(k >= 15 ? 12 : 10), [FLAT]: noisy(40) })));
      files.push(f);
    }
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const recorded = (fp = FP): string[] => (fs.existsSync(path.join(hist, fp)) ? fs.readdirSync(path.join(hist, fp)).sort() : []);

  it('history add records a report once; the same report again is skipped with exit 0 and a line saying so', async () => {
    const first = await run(tmp, 'history', 'add', '--input', files[0]!, '--history', hist);
    expect(first).toEqual({ code: 0, err: '', out: `recorded history/${FP}/2026-11-01T00-00-00-000Z-000100010001.json (2 cases, fingerprint ${FP}, commit 000100010001, smoke)\n` });
    const again = await run(tmp, 'history', 'add', '--input', files[0]!, '--history', hist);
    expect(again).toEqual({ code: 0, err: '', out: `already recorded: history/${FP}/2026-11-01T00-00-00-000Z-000100010001.json (same timestamp and commit); skipped\n` });
    expect(recorded()).toEqual(['2026-11-01T00-00-00-000Z-000100010001.json']);
  });

  it('history add warns (stderr, exit 0) when the report was made from a dirty tree', async () => {
    const dirty = reportAt(50, { [STEPPED]: 10 });
    dirty.source = { ...dirty.source, dirty: true };
    const r = await run(tmp, 'history', 'add', '--input', writeReport(dirty), '--history', path.join(tmp, 'history-dirty'));
    expect(r.code).toBe(0);
    expect(lines(r.err)).toEqual([`rhenium-perf: warning: ${path.basename(writeReport(dirty))} was made from a working tree with uncommitted changes; its commit ${sha(50).slice(0, 12)} is not exactly what was measured`]);
    expect(r.out).toMatch(/^recorded history-dirty\//);
  });

  it('history import records the others; a bad file is one line on stderr, exit 2, nothing written for it', async () => {
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ ...reportAt(99, { [STEPPED]: 10 }), benchmarks: 'none' }));
    const r = await run(tmp, 'history', 'import', bad, ...files.slice(1), '--history', hist);
    expect(r.code).toBe(2);
    expect(lines(r.err)).toEqual(['rhenium-perf: error: bad.json is not a valid report document: /benchmarks: must be array']);
    expect(lines(r.out)).toHaveLength(30); // 29 recorded + the summary
    expect(lines(r.out).at(-1)).toBe('history import: 29 of 30 files read, 1 refused');
    const names = recorded();
    expect(names).toHaveLength(30);
    expect(names.some((n) => n.includes(sha(99).slice(0, 12)))).toBe(false);
    for (const n of names) {
      const doc = JSON.parse(fs.readFileSync(path.join(hist, FP, n), 'utf8')) as unknown;
      expect(validateHistoryRecord(doc).valid, n).toBe(true);
    }
  });

  it('history import of a file that is not JSON: one line, exit 2', async () => {
    const notJson = path.join(tmp, 'not-json.json');
    fs.writeFileSync(notJson, '{"kind": "report",');
    const r = await run(tmp, 'history', 'import', notJson, '--history', hist);
    expect(r.code).toBe(2);
    expect(lines(r.err)).toHaveLength(1);
    expect(r.err).toMatch(/^rhenium-perf: error: not-json\.json is not JSON \(/);
    expect(recorded()).toHaveLength(30);
  });

  it('history changes lists the one step (case, machine, commit range, before -> after, p) and writes changes.json', async () => {
    const r = await run(tmp, 'history', 'changes', '--history', hist);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const out = lines(r.out);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(new RegExp(`^STEP ${STEPPED} ${FP} smoke ${sha(14).slice(0, 12)}\\.\\.${sha(15).slice(0, 12)} (9\\.\\d\\d|10\\.\\d\\d) ms -> (11\\.\\d\\d|12\\.\\d\\d) ms \\+(1[5-9]|2[0-5])\\.\\d% p=0\\.001$`));
    expect(out[1]).toBe('history: 30 runs, 2 series (0 with fewer than 6 runs, not searched); 1 step(s) (alpha 0.01, min change 5.0%); history/changes.json written');
    const doc = JSON.parse(fs.readFileSync(path.join(hist, 'changes.json'), 'utf8')) as { parameters: unknown; steps: Record<string, unknown>[] };
    expect(doc.parameters).toEqual({ alpha: 0.01, min_change: 0.05, permutations: 999, min_segment: 3, seed: 1 });
    expect(doc.steps).toHaveLength(1);
    expect(doc.steps[0]).toMatchObject({ case: STEPPED, fingerprint: FP, mode: 'smoke', index: 15, runs: 30, before_commit: sha(14), after_commit: sha(15), p_value: 0.001, acknowledged: false, note: null });
    // the same history gives the same listing
    const again = await run(tmp, 'history', 'changes', '--history', hist);
    expect(again.out).toBe(r.out);
  });

  it('an acknowledged step (perf-changes.json at the workspace root) is printed as acknowledged, not as an alert', async () => {
    const ack = path.join(tmp, 'perf-changes.json');
    fs.writeFileSync(ack, JSON.stringify([{ case: STEPPED, commit: sha(15).slice(0, 9), note: 'bigger FFT plan, expected' }]));
    try {
      const r = await run(tmp, 'history', 'changes', '--history', hist);
      expect(r.code).toBe(0);
      const out = lines(r.out);
      expect(out[0]).toMatch(new RegExp(`^acknowledged ${STEPPED} ${FP} smoke .* \\(bigger FFT plan, expected\\)$`));
      expect(out[1]).toContain('0 step(s), 1 acknowledged');
      const doc = JSON.parse(fs.readFileSync(path.join(hist, 'changes.json'), 'utf8')) as { steps: Record<string, unknown>[] };
      expect(doc.steps[0]).toMatchObject({ acknowledged: true, note: 'bigger FFT plan, expected' });
      // an entry for another commit acknowledges nothing; --acknowledged names another file
      const other = path.join(tmp, 'other-ack.json');
      fs.writeFileSync(other, JSON.stringify([{ case: STEPPED, commit: sha(16), note: 'not this one' }]));
      expect(lines((await run(tmp, 'history', 'changes', '--history', hist, '--acknowledged', other)).out)[0]).toMatch(/^STEP /);
    } finally {
      fs.rmSync(ack, { force: true });
    }
  });

  it('machines never mix: another fingerprint gets its own folder and series; --fingerprint picks one', async () => {
    const r = await run(tmp, 'history', 'add', '--input', writeReport(reportAt(40, { [STEPPED]: 30 }, OTHER_FP)), '--history', hist);
    expect(r.code).toBe(0);
    expect(recorded(OTHER_FP)).toHaveLength(1);
    const all = await run(tmp, 'history', 'changes', '--history', hist);
    expect(lines(all.out).at(-1)).toContain('31 runs, 3 series (1 with fewer than 6 runs, not searched); 1 step(s)');
    const one = await run(tmp, 'history', 'changes', '--history', hist, '--fingerprint', OTHER_FP);
    expect(lines(one.out)).toEqual(['history: 1 runs, 1 series (1 with fewer than 6 runs, not searched); 0 step(s) (alpha 0.01, min change 5.0%); history/changes.json written']);
  });

  it('usage and input errors are one line and exit 2', async () => {
    const missing = await run(tmp, 'history', 'changes', '--history', path.join(tmp, 'nowhere'));
    expect(missing.code).toBe(2);
    expect(lines(missing.err)).toEqual([expect.stringMatching(/^rhenium-perf: error: no history at .*nowhere \(ENOENT\); record reports first/)]);
    const fp = await run(tmp, 'history', 'changes', '--history', hist, '--fingerprint', '00000000000000ff');
    expect(lines(fp.err)).toEqual([`rhenium-perf: error: no history for fingerprint 00000000000000ff in ${hist} (it has ${FP}, ${OTHER_FP})`]);
    const badAck = path.join(tmp, 'bad-ack.json');
    fs.writeFileSync(badAck, JSON.stringify([{ case: STEPPED, commit: 'HEAD', note: '' }]));
    const ack = await run(tmp, 'history', 'changes', '--history', hist, '--acknowledged', badAck);
    expect(ack.code).toBe(2);
    expect(lines(ack.err)).toHaveLength(1);
    expect(ack.err).toContain('entry 0 needs "commit", 7-40 hex digits');
    const alpha = await run(tmp, 'history', 'changes', '--alpha', '2');
    expect(alpha.code).toBe(2);
    expect(lines(alpha.err)).toHaveLength(1);
    // a corrupted record names itself
    const broken = path.join(hist, FP, '2099-01-01T00-00-00-000Z-ffffffffffff.json');
    fs.writeFileSync(broken, '{}');
    try {
      const r = await run(tmp, 'history', 'changes', '--history', hist);
      expect(r.code).toBe(2);
      expect(lines(r.err)).toEqual([expect.stringContaining(`history record ${broken} is not a valid history record: /: must have required property`)]);
    } finally {
      fs.rmSync(broken);
    }
  });

  function writeReport(r: Report): string {
    const f = path.join(tmp, `extra-${r.environment.machine_fingerprint}-${r.timestamp.replace(/[:.]/g, '')}.json`);
    fs.writeFileSync(f, JSON.stringify(r));
    return f;
  }
});
