/**
 * Cold start of the `rhenium` tool: `rhenium --version` and `rhenium --help` spawned as new
 * processes, against `node -e 0` spawned by the same case.
 *
 * Each rhenium case's runs spawn the tool once; its latency is the harness's samples. The
 * baseline `node -e 0` (an external reference: node itself) is spawned NODE_SPAWNS times per
 * process, half in setup and half in verify, so its median brackets the measured runs; the
 * case's `ratio_vs_node` = the harness's median latency of this process / node's median, a
 * target (within 1.5x), never failing the case. `cli_startup_node_e0` is the baseline as its
 * own case, for the report's side-by-side latencies.
 *
 * Run counts: a spawn takes ~80-130 ms; 1 warm-up + 5 timed spawns per process (the smoke
 * run keeps its 5 samples; a full process spawns 1 + 2 calibration + 5 + 11 node = 19
 * processes, against the old 1 + 2 + 22 paired spawns in setup).
 */
import { defineBench, median, quality, target } from '@rhenium-perf/harness';
import { STARTUP_PAIRS_FULL, STARTUP_PAIRS_SMOKE, STARTUP_TARGET_RATIO } from '../src/defaults';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtBin, cliPackageRoot, missingBuild, timedSpawn, type TimedSpawn } from './support';

interface StartupState {
  readonly args: readonly string[];
  /** `node -e 0` wall times of this process (setup, then verify), ms. */
  readonly nodeMs: number[];
}

/** `node -e 0` spawns per process (as many as the pairs the case made before): half in setup, half in verify. */
const nodeSpawns = (mode: string): number => (mode === 'smoke' ? STARTUP_PAIRS_SMOKE : STARTUP_PAIRS_FULL);

/** Time `count` spawns of `node -e 0`, appending their wall times to `into`. */
async function timeNode(count: number, into: number[]): Promise<void> {
  for (let i = 0; i < count; i++) into.push((await timedSpawn(['-e', '0'])).ms);
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

function startupCase(flag: '--version' | '--help', check: (stdout: string) => void, tags: string[]) {
  const name = flag.slice(2);
  return defineBench<StartupState, TimedSpawn>({
    id: `cli_startup_${name}`,
    category: 'cli_overhead',
    task: `spawn_rhenium_${name}`,
    modality: null,
    // One item = one spawn of the tool to its exit; no voxels (inputShape [1] counts 1).
    inputShape: [1],
    dtype: 'process',
    tags,
    // `node -e 0` is timed in setup and verify: the processes run alone (no overlap).
    exclusive: true,
    warmupRunsPerProcess: 1,
    measuredRunsPerProcess: 5,
    skipIf: () => missingBuild(),
    async setup(ctx) {
      await timedSpawn(['-e', '0']); // the first spawn pays for the page cache
      const nodeMs: number[] = [];
      await timeNode(Math.ceil(nodeSpawns(ctx.mode) / 2), nodeMs);
      return { args: [builtBin(), flag], nodeMs };
    },
    run: (s) => timedSpawn(s.args),
    async verify(s, out, ctx, timing) {
      check(out.stdout);
      if (out.stderr !== '') throw new Error(`rhenium ${flag} wrote to stderr: ${out.stderr.slice(0, 200)}`);
      await timeNode(Math.floor(nodeSpawns(ctx.mode) / 2), s.nodeMs);
      const nodeMs = median(s.nodeMs);
      const ratio = timing.medianMs / nodeMs;
      ctx.record('ratio_vs_node', round(ratio));
      ctx.record('node_spawns', s.nodeMs.length);
      ctx.record('node_e0_ms_median', round(nodeMs));
      ctx.record('node_e0_ms', s.nodeMs.map(round));
      ctx.record('rhenium_ms_median', round(timing.medianMs));
      ctx.record('node_version', process.version);
      ctx.record('overhead_vs_node_ms_median', round(timing.medianMs - nodeMs));
      return {
        // A performance goal: reported with whether it was met, never failing the case.
        ratio_vs_node: target(ratio, { max: STARTUP_TARGET_RATIO, unit: 'x' }),
        overhead_vs_node_ms: quality(timing.medianMs - nodeMs, 'ms', false),
      };
    },
  });
}

// NOTE: read here, not through src/version.ts, whose URL is relative to the built chunk it lands in.
const version = (JSON.parse(readFileSync(join(cliPackageRoot(), 'package.json'), 'utf8')) as { version: string }).version;

export default [
  defineBench<null, TimedSpawn>({
    id: 'cli_startup_node_e0',
    category: 'cli_overhead',
    task: 'spawn_node_baseline',
    modality: null,
    inputShape: [1],
    dtype: 'process',
    // One item = one spawn of `node -e 0`; no voxels (inputShape [1] counts 1). ~80 ms a spawn: 1 warm-up + 3 timed per process.
    tags: ['full'],
    warmupRunsPerProcess: 1,
    measuredRunsPerProcess: 3,
    setup: () => null,
    run: () => timedSpawn(['-e', '0']),
    verify(_s, out) {
      if (out.stdout !== '' || out.stderr !== '') throw new Error(`node -e 0 printed something: ${out.stdout}${out.stderr}`);
    },
  }),
  startupCase(
    '--version',
    (stdout) => {
      if (stdout !== version + '\n') throw new Error(`rhenium --version printed ${JSON.stringify(stdout)}, expected ${JSON.stringify(version + '\n')}`);
    },
    ['smoke', 'full'],
  ),
  startupCase(
    '--help',
    (stdout) => {
      for (const c of ['info', 'segment', 'recon-mri', 'recon-ct']) if (!stdout.includes(`  ${c} `)) throw new Error(`rhenium --help does not list ${c}`);
    },
    ['full'],
  ),
];
