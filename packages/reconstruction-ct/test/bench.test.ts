/**
 * Runs every smoke case of the package in-process (setup, warm-up, runs, verify) and expects
 * it to pass with its RMS figure inside its bound.
 */
import { describe, expect, it } from 'vitest';
import { isBenchCase, runCaseInline, type BenchCase } from '@rhenium-perf/harness';
import fbpCases from '../bench/fbp.bench';
import referenceCases from '../bench/reference.bench';
import sartCases from '../bench/sart.bench';
import stackCases from '../bench/stack.bench';

const all: BenchCase[] = [...fbpCases, ...sartCases, ...stackCases, ...referenceCases];

describe('reconstruction-ct bench cases', () => {
  it('are well-formed: distinct ids, CT, the reference case in full (issue 17) but outside smoke', () => {
    expect(all.every(isBenchCase)).toBe(true);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    for (const c of all) {
      expect(c.category).toBe('reconstruction_ct');
      expect(c.modality).toBe('CT');
      if (c.tags.includes('smoke')) expect(c.tags).toContain('full');
    }
    const ids = all.map((c) => c.id);
    for (const size of [128, 256, 512]) for (const a of [180, 360]) expect(ids).toContain(`recon_ct_fbp_ramp_${size}_a${a}`);
    const ref = all.filter((c) => c.tags.includes('reference'));
    expect(ref.length).toBe(1);
    expect(ref[0]!.tags).not.toContain('smoke');
    expect(ref[0]!.tags).toContain('full');
    expect(typeof ref[0]!.skipIf).toBe('function');
  });

  for (const c of all.filter((x) => x.tags.includes('smoke'))) {
    it(`smoke case ${c.id} passes`, async () => {
      const result = await runCaseInline(c, { mode: 'smoke' });
      expect(result.state, result.error ?? '').toBe('passed');
      expect(result.quality.rms_error!.value).toBeLessThanOrEqual(result.quality.rms_error!.threshold!);
    });
  }
});
