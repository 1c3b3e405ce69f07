/**
 * Every case of the package is well formed, and every smoke case runs inline (setup,
 * warm-up, runs, verify) and passes — or is skipped because the package is not built (the
 * start-up cases spawn dist/rhenium.js, never the TypeScript sources).
 *
 * The floor of a cold segment (bench/floor-segment.cjs, bench/floor.ts): the script run as a
 * real process on the tool's model prints an output of the right shape, a wrong expectation
 * fails it (and with it the case), and a run of `cli_segment_process_ct_tiny_vs_floor` carries
 * the floor figures. No timing is asserted. Skipped without a build (the case spawns dist/rhenium.js).
 */
import { execa } from 'execa';
import { runCaseInline, type BenchCase } from '@rhenium-perf/harness';
import { describe, expect, it } from 'vitest';
import { floorArgs, floorSpec, timeFloor } from '../bench/floor';
import segmentCases from '../bench/segment.bench';
import { missingPipelineBuild } from '../bench/support';
import startupCases from '../bench/startup.bench';
import { STARTUP_TARGET_RATIO } from '../src/defaults';

const cases: BenchCase[] = [...startupCases, ...segmentCases];

describe('cli-overhead bench cases', () => {
  it('have distinct ids in the cli_overhead category; smoke implies full', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      expect(c.category).toBe('cli_overhead');
      if (c.tags.includes('smoke')) expect(c.tags).toContain('full');
    }
    expect(cases.filter((c) => c.tags.includes('smoke')).map((c) => c.id)).toEqual(['cli_startup_version']);
  });

  for (const c of cases.filter((c) => c.tags.includes('smoke'))) {
    it(`smoke case ${c.id} passes inline (or is skipped without a build)`, async () => {
      const result = await runCaseInline(c, { mode: 'smoke', project: 'cli-overhead' });
      if (result.state === 'skipped') {
        expect(result.skipped_reason).toMatch(/build the package first/);
        return;
      }
      expect(result.state, JSON.stringify(result.error ?? null)).toBe('passed');
      expect(result.metadata.ratio_vs_node).toBeGreaterThan(0.5);
      expect(result.targets.ratio_vs_node?.target).toBe(STARTUP_TARGET_RATIO);
      expect(result.targets.ratio_vs_node?.met).toBe(result.targets.ratio_vs_node!.value <= STARTUP_TARGET_RATIO);
      expect(result.quality.ratio_vs_node).toBeUndefined();
      expect(result.metadata.node_e0_ms_median).toBeGreaterThan(0);
    });
  }
});

describe.skipIf(missingPipelineBuild() !== null)('the floor of a cold rhenium segment', () => {
  it('is a real process that runs the tool\'s U-Net once on the tool\'s input shape and checks its output', async () => {
    const spec = await floorSpec([8, 16, 16]);
    expect(spec.spatial).toEqual([8, 16, 16]);
    expect(spec.model).toMatch(/unet3d-[0-9a-f]{16}\.onnx$/);
    expect(spec.model).toContain(spec.sha256.slice(0, 16));
    const r = await execa(process.execPath, floorArgs(spec), { env: { NODE_OPTIONS: '' } });
    expect(JSON.parse(r.stdout)).toEqual({ output: 'probabilities', dims: [1, spec.classes, 8, 16, 16], finite: true });
    expect(r.stderr).toBe('');
    expect(await timeFloor(spec)).toBeGreaterThan(0);
  });

  it('fails with one line when its output is not what the tool would get, and so fails the case', async () => {
    const spec = await floorSpec([8, 16, 16]);
    const r = await execa(process.execPath, floorArgs({ ...spec, classes: spec.classes + 1 }), { env: { NODE_OPTIONS: '' }, reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`floor-segment: output "probabilities" has dims [1, ${spec.classes}, 8, 16, 16], expected [1, ${spec.classes + 1}, 8, 16, 16]`);
    await expect(timeFloor({ ...spec, classes: spec.classes + 1 })).rejects.toThrow(/floor-segment: output "probabilities" has dims/);
    const missing = await execa(process.execPath, floorArgs({ ...spec, model: spec.model + '.missing' }), { env: { NODE_OPTIONS: '' }, reject: false });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/^floor-segment: ENOENT: no such file or directory[^\n]*$/);
  });

  it('cli_segment_process_ct_tiny_vs_floor times the floor and records the paired figures beside the target; the process case is unchanged', async () => {
    const plain = segmentCases.find((x) => x.id === 'cli_segment_process_ct_tiny')!;
    expect(plain.exclusive).toBeFalsy();
    expect(plain.tags).toEqual(['full']);
    const c = segmentCases.find((x) => x.id === 'cli_segment_process_ct_tiny_vs_floor')!;
    expect(c.exclusive).toBe(true);
    expect(c.tags).toEqual(['full', 'reference']);
    const result = await runCaseInline(c, { mode: 'smoke', project: 'cli-overhead', warmupRunsPerProcess: 1, measuredRunsPerProcess: 1, batchSize: 1 });
    expect(result.state, JSON.stringify(result.error ?? null)).toBe('passed');
    expect(result.targets.process_latency_ms?.target).toBe(200);
    const q = result.quality;
    expect(q.floor_latency_ms?.unit).toBe('ms');
    expect(q.floor_latency_ms!.value).toBeGreaterThan(0);
    expect(q.overhead_vs_floor_ms?.unit).toBe('ms');
    expect(Number.isFinite(q.overhead_vs_floor_ms!.value)).toBe(true);
    expect(q.ratio_vs_floor?.unit).toBe('x');
    expect(q.ratio_vs_floor!.value).toBeGreaterThan(0);
    const m = result.metadata;
    expect(m.floor_pairs).toBe(1);
    const floorMs = m.floor_ms as number[];
    const realMs = m.floor_paired_rhenium_ms as number[];
    expect(floorMs).toHaveLength(1);
    expect(q.overhead_vs_floor_ms!.value).toBeCloseTo(realMs[0]! - floorMs[0]!, 2);
    expect(q.ratio_vs_floor!.value).toBeCloseTo(realMs[0]! / floorMs[0]!, 2);
    expect(result.targets.process_latency_ms!.value).toBeCloseTo(realMs[0]!, 2);
    expect(m.floor_input_shape).toEqual([1, 1, 8, 16, 16]);
  });
});
