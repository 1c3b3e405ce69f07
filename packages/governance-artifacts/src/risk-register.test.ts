import { describe, expect, it } from 'vitest';
import { expectSafeMarkdown } from '../test/check';
import { NASTY } from '../test/nasty';
import { GovernanceError } from './errors';
import { loadRiskRegisterData, renderRiskRegister, riskAcceptability, riskRegisterView } from './risk-register';
import type { RiskEntry } from './types';

const AT = '2025-01-31T12:00:00Z';

function paths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GovernanceError);
    expect((err as GovernanceError).code).toBe('RPERF_GOV_INVALID_DATA');
    return (err as GovernanceError).issues.map((i) => i.split(': ')[0] as string);
  }
  throw new Error('expected a GovernanceError');
}

describe('riskAcceptability', () => {
  it('splits the 1..25 index at 4 and 9', () => {
    expect([1, 4, 5, 9, 10, 25].map(riskAcceptability)).toEqual(['acceptable', 'acceptable', 'alarp', 'alarp', 'unacceptable', 'unacceptable']);
  });
});

describe('the shipped risk register', () => {
  it('has about ten realistic, complete entries with unique ids', () => {
    const data = loadRiskRegisterData();
    expect(data.risks.length).toBeGreaterThanOrEqual(10);
    expect(new Set(data.risks.map((r) => r.id)).size).toBe(data.risks.length);
    for (const r of data.risks) {
      expect(r.mitigations.length, r.id).toBeGreaterThan(0);
      expect(r.residual_severity * r.residual_probability, r.id).toBeLessThanOrEqual(r.severity * r.probability);
    }
  });

  it('view: indices, acceptability and counts by hand', () => {
    const v = riskRegisterView(loadRiskRegisterData(), AT);
    const r1 = v.rows.find((r) => r.id === 'R-001')!;
    expect([r1.initial_index, r1.initial_acceptability, r1.residual_index, r1.residual_acceptability]).toEqual([15, 'unacceptable', 5, 'ALARP']);
    expect(r1.severity).toBe('5 (catastrophic)');
    expect(r1.residual_probability).toBe('1 (improbable)');
    const data = loadRiskRegisterData();
    const residual = data.risks.map((r) => r.residual_severity * r.residual_probability);
    expect(v.counts.residual_acceptable).toBe(residual.filter((x) => x <= 4).length);
    expect(v.counts.residual_alarp).toBe(residual.filter((x) => x > 4 && x <= 9).length);
    expect(v.counts.residual_unacceptable).toBe(residual.filter((x) => x > 9).length);
    expect(v.counts.initial_unacceptable).toBe(data.risks.filter((r) => r.severity * r.probability > 9).length);
  });
});

describe('renderRiskRegister', () => {
  it('renders the summary table with one row per risk and the details', () => {
    const data = loadRiskRegisterData();
    const md = renderRiskRegister(data, { generatedAt: AT });
    const shape = expectSafeMarkdown(md);
    expect(shape.tables[2]!.header).toEqual(['id', 'hazard', 'cause', 'severity', 'probability', 'risk', 'mitigation', 'residual risk']);
    expect(shape.tables.map((t) => t.rows)).toEqual([5, 5, data.risks.length, ...data.risks.map((r) => r.mitigations.length)]);
    for (const r of data.risks) expect(shape.headings).toContain(`### ${r.id}: ${r.hazard}`);
    expect(md).toContain('**Research use only.**');
    expect(renderRiskRegister(loadRiskRegisterData(), { generatedAt: AT })).toBe(md);
  });

  it('keeps nasty values in their cells', () => {
    const data = loadRiskRegisterData();
    data.risks = NASTY.map(
      (v, i): RiskEntry => ({
        id: `R-${String(i + 1).padStart(3, '0')}`,
        hazard: v,
        cause: v,
        hazardous_situation: v,
        harm: v,
        severity: 3,
        probability: 3,
        mitigations: [
          { measure: v, kind: 'protective_measure', verification: v },
          { measure: `${v}|${v}`, kind: 'inherent_safety', verification: '`x`' },
        ],
        residual_severity: 3,
        residual_probability: 1,
        residual_rationale: v,
      }),
    );
    const md = renderRiskRegister(data, { generatedAt: AT });
    const shape = expectSafeMarkdown(md);
    expect(shape.tables[2]!.rows).toBe(NASTY.length);
    expect(shape.tables.slice(3).every((t) => t.rows === 2)).toBe(true);
  });

  it('refuses data failing its schema or its rules, naming the path', () => {
    const bad = loadRiskRegisterData() as unknown as { risks: Record<string, unknown>[] };
    bad.risks[3]!.severity = 6;
    bad.risks[5]!.mitigations = [{ measure: 'x', kind: 'prayer', verification: 'y' }];
    delete bad.risks[7]!.residual_rationale;
    expect(paths(() => renderRiskRegister(bad, { generatedAt: AT }))).toEqual(
      expect.arrayContaining(['/risks/3/severity', '/risks/5/mitigations/0/kind', '/risks/7']),
    );
    const raised = loadRiskRegisterData();
    raised.risks[2]!.residual_probability = 5;
    expect(paths(() => renderRiskRegister(raised, { generatedAt: AT }))).toEqual(['/risks/2/residual_probability']);
    const dup = loadRiskRegisterData();
    dup.risks[4]!.id = dup.risks[1]!.id;
    expect(paths(() => renderRiskRegister(dup, { generatedAt: AT }))).toEqual(['/risks/4/id']);
  });
});
