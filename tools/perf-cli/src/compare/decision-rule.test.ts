/**
 * The decision rule on synthetic samples: seeded A/A trials of a 60-benchmark suite must
 * (almost) never report a regression, and a 15% latency shift with 10 samples per side must.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '@rhenium-perf/fixtures';
import type { BenchmarkResult, Report } from '@rhenium-perf/schema';
import { makeReport, makeResult } from '../render/synthetic-report';
import { compareReports } from './compare';

const BENCHMARKS = 60;
const SAMPLES = 10;

interface Truth {
  medianMs: number;
  /** σ of log latency: the coefficient of variation, roughly. */
  sigma: number;
  rssMb: number;
  /** Whether 3% of samples are slow outliers. */
  outliers: boolean;
}

/** A suite of benchmarks with realistic spreads: medians 0.1 ms–1 s, CV 1.5–15%. */
function suite(rng: Rng): Truth[] {
  return Array.from({ length: BENCHMARKS }, () => ({
    medianMs: 0.1 * 10 ** (4 * rng.next()),
    sigma: 0.015 * 10 ** rng.next(),
    rssMb: 50 + 2000 * rng.next(),
    outliers: true,
  }));
}

/**
 * Lognormal latencies plus occasional slow outliers (GC pauses, a noisy neighbour: 3% of
 * samples 20–70% slower), and peak RSS with 2% normal noise.
 */
function measure(rng: Rng, truth: Truth[], shift: (i: number) => number = () => 1): Report {
  const results: BenchmarkResult[] = truth.map((t, i) => {
    const samples = Array.from({ length: SAMPLES }, () => {
      const spike = t.outliers && rng.next() < 0.03 ? 1.2 + 0.5 * rng.next() : 1;
      return t.medianMs * shift(i) * Math.exp(t.sigma * rng.normal()) * spike;
    });
    const rss = t.rssMb * (1 + 0.02 * rng.normal());
    return makeResult(`case_${i}`, samples, {
      memory: { rss_mb_before: 40, rss_mb_after: 45, rss_mb_peak: rss, vram_mb_before: null, vram_mb_after: null, vram_mb_peak: null },
    });
  });
  return makeReport(results);
}

describe('decision rule on synthetic samples', () => {
  it('A/A: identical distributions over 60 benchmarks × 3 metrics give a false regression in < 1% of runs', () => {
    const trials = 1000;
    let runsWithRegression = 0;
    let runsInconclusive = 0;
    let falseRegressions = 0;
    for (let t = 0; t < trials; t++) {
      const rng = createRng(10_000 + t);
      const truth = suite(rng);
      const cmp = compareReports(measure(rng, truth), measure(rng, truth));
      expect(cmp.comparisons.length).toBe(BENCHMARKS * 3);
      const regressions = cmp.comparisons.filter((c) => c.state === 'regression').length;
      falseRegressions += regressions;
      if (regressions > 0) runsWithRegression++;
      if (cmp.comparisons.some((c) => c.state === 'inconclusive')) runsInconclusive++;
    }
    const rate = runsWithRegression / trials;
    // Measured: see the console line; the bound of the issue is 1% of whole-suite runs.
    console.info(`A/A: ${runsWithRegression}/${trials} runs with a false regression (${(100 * rate).toFixed(2)}%), ${falseRegressions} false regressions in ${trials * BENCHMARKS * 3} comparisons; ${runsInconclusive} runs inconclusive`);
    expect(rate).toBeLessThan(0.01);
  });

  // NOTE: the shifted case has plain lognormal noise (CV 2.5%), no outliers: with n = 10 the
  // nearest-rank p95 is the maximum, so one 1.5x outlier in the baseline hides a 15% shift
  // from the threshold gate (the test itself stays significant). See docs/perf/metrics.md.
  it('a 15% latency shift with 10 samples per side (CV 2.5%) is flagged as a regression', () => {
    const trials = 200;
    let latencyFlagged = 0;
    let benchmarkFlagged = 0;
    let othersFlagged = 0;
    for (let t = 0; t < trials; t++) {
      const rng = createRng(20_000 + t);
      const truth = suite(rng).map((x, i) => (i === 7 ? { ...x, sigma: 0.025, outliers: false } : x));
      const baseline = measure(rng, truth);
      const current = measure(rng, truth, (i) => (i === 7 ? 1.15 : 1));
      const cmp = compareReports(current, baseline);
      const mine = cmp.comparisons.filter((c) => c.id === 'case_7');
      if (mine.find((c) => c.metric === 'latency_p95_ms')!.state === 'regression') latencyFlagged++;
      if (mine.some((c) => c.state === 'regression')) benchmarkFlagged++;
      othersFlagged += cmp.comparisons.filter((c) => c.id !== 'case_7' && c.state === 'regression').length;
    }
    console.info(`15% shift: p95 flagged in ${latencyFlagged}/${trials}, the benchmark (p95 or items/s) in ${benchmarkFlagged}/${trials}; ${othersFlagged} false regressions elsewhere`);
    expect(benchmarkFlagged).toBe(trials);
    expect(latencyFlagged / trials).toBeGreaterThanOrEqual(0.97);
  });

  it('the single seeded case of the issue: one shifted benchmark in the suite', () => {
    const rng = createRng(1);
    const truth = suite(rng).map((x, i) => (i === 0 ? { ...x, sigma: 0.03, outliers: false } : x));
    const baseline = measure(rng, truth);
    const current = measure(rng, truth, (i) => (i === 0 ? 1.15 : 1));
    const lat = compareReports(current, baseline).comparisons.find((c) => c.id === 'case_0' && c.metric === 'latency_p95_ms')!;
    expect(lat.state).toBe('regression');
    expect(lat.q_value!).toBeLessThanOrEqual(0.01);
  });
});

/**
 * Replicated measurements, as the full suite makes them: each case in PROCESSES independent
 * processes of PER_PROCESS samples. Between processes the level moves (JIT and heap layout,
 * machine load): a lognormal process effect, and in 10% of processes a slow JIT state 1.5–4x
 * (seen on this machine with Node 20). Within a process the samples are tight.
 */
const PROCESSES = 5;
const PER_PROCESS = 2;

function measureReplicated(rng: Rng, truth: Truth[], shift: (i: number) => number = () => 1, slowRate = 0.1): Report {
  const results: BenchmarkResult[] = truth.map((t, i) => {
    const samples: number[] = [];
    for (let p = 0; p < PROCESSES; p++) {
      const slowState = rng.next() < slowRate ? 1.5 + 2.5 * rng.next() : 1;
      const level = t.medianMs * shift(i) * Math.exp(t.sigma * rng.normal()) * slowState;
      for (let k = 0; k < PER_PROCESS; k++) samples.push(level * Math.exp(0.01 * rng.normal()));
    }
    return makeResult(`case_${i}`, samples, {
      process_samples: Array.from({ length: PROCESSES }, () => PER_PROCESS),
      memory: { rss_mb_before: 40, rss_mb_after: 45, rss_mb_peak: t.rssMb * (1 + 0.02 * rng.normal()), vram_mb_before: null, vram_mb_after: null, vram_mb_peak: null },
    });
  });
  return makeReport(results);
}

describe('decision rule on replicated (multi-process) measurements', () => {
  it('A/A with between-process effects and slow JIT states: a false regression in < 1% of runs', () => {
    const trials = 500;
    let runsWithRegression = 0;
    for (let t = 0; t < trials; t++) {
      const rng = createRng(50_000 + t);
      const truth = suite(rng);
      const cmp = compareReports(measureReplicated(rng, truth), measureReplicated(rng, truth));
      if (cmp.comparisons.some((c) => c.state === 'regression' && c.metric !== 'rss_mb_peak')) runsWithRegression++;
    }
    console.info(`replicated A/A: ${runsWithRegression}/${trials} runs with a false latency/throughput regression`);
    expect(runsWithRegression / trials).toBeLessThan(0.01);
  });

  it('the same A/A data tested sample by sample (ignoring the processes) raises false alarms', () => {
    // Why the process is the unit: pooling correlated samples makes the test anti-conservative.
    let runsWithRegression = 0;
    for (let t = 0; t < 100; t++) {
      const rng = createRng(70_000 + t);
      const truth = suite(rng);
      const strip = (r: Report): Report => ({ ...r, benchmarks: r.benchmarks.map((b) => ({ ...b, process_samples: [b.samples_ms.length] })) });
      const cmp = compareReports(strip(measureReplicated(rng, truth)), strip(measureReplicated(rng, truth)));
      if (cmp.comparisons.some((c) => c.state === 'regression' && c.metric !== 'rss_mb_peak')) runsWithRegression++;
    }
    expect(runsWithRegression).toBeGreaterThan(10);
  });

  // NOTE: power needs the change to be consistent across processes. With slow JIT states in
  // some processes the between-process spread grows and a real change can come out
  // inconclusive (measured: 23/50 for 3x at a 10% slow-state rate); without them, it is found.
  it('a 3x slowdown of one case (every process, between-process CV up to 5%) is a regression', () => {
    let flagged = 0;
    for (let t = 0; t < 50; t++) {
      const rng = createRng(90_000 + t);
      const truth = suite(rng).map((x) => ({ ...x, sigma: Math.min(x.sigma, 0.05) }));
      const base = measureReplicated(rng, truth, () => 1, 0);
      const cur = measureReplicated(rng, truth, (i) => (i === 7 ? 3 : 1), 0);
      const rows = compareReports(cur, base).comparisons.filter((c) => c.id === 'case_7' && c.metric === 'latency_p95_ms');
      if (rows[0]?.state === 'regression') flagged++;
    }
    expect(flagged).toBeGreaterThanOrEqual(48);
  });
});
