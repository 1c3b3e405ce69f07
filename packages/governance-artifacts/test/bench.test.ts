/**
 * Every case of the package is well formed, and every smoke case runs inline (setup,
 * warm-up, runs, verify) and passes.
 */
import { runCaseInline, type BenchCase } from '@rhenium-perf/harness';
import { describe, expect, it } from 'vitest';
import audit from '../bench/audit.bench';
import cards from '../bench/cards.bench';
import report from '../bench/report.bench';

const all: BenchCase[] = [...cards, ...report, ...audit];

describe('bench cases', () => {
  it('have distinct ids, a null modality, and smoke implies full', () => {
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    for (const c of all) {
      expect(c.category).toBe('governance_artifacts');
      expect(c.modality).toBeNull();
      if (c.tags.includes('smoke')) expect(c.tags).toContain('full');
    }
    expect(all.filter((c) => c.tags.includes('smoke')).map((c) => c.id)).toEqual(['gov_model_card_zoo_r13', 'gov_audit_log_append_verify_n64']);
  });

  for (const c of all.filter((c) => c.tags.includes('smoke'))) {
    it(`smoke case ${c.id} passes inline`, async () => {
      const result = await runCaseInline(c, { mode: 'smoke', project: 'governance-artifacts' });
      expect(result.state, JSON.stringify(result.error ?? null)).toBe('passed');
      expect(result.quality.rerender_identical?.value).toBe(1);
      expect(result.quality.broken_rows?.value).toBe(0);
      expect(result.metadata.sha256).toMatch(/^[0-9a-f]{64}$/);
    });
  }

  // The full-only cases are cheap (well under a second each): check they verify too.
  for (const c of all.filter((c) => !c.tags.includes('smoke'))) {
    it(`full case ${c.id} verifies inline`, async () => {
      const result = await runCaseInline(c, { mode: 'smoke', project: 'governance-artifacts' });
      expect(result.state, JSON.stringify(result.error ?? null)).toBe('passed');
    });
  }
});
