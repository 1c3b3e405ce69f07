/**
 * The risk register in the style of ISO 14971: per hazard its cause, hazardous situation,
 * harm, severity and probability before control, the control measures and how they are
 * verified, and the residual risk after control. Kept as data (`data/risk-register.json`).
 */
import { readJsonAsset } from './assets';
import { PROBABILITY_LEVELS, RISK_ACCEPTABLE_MAX_INDEX, RISK_ALARP_MAX_INDEX, SEVERITY_LEVELS } from './defaults';
import { renderTemplate } from './render';
import type { RiskAcceptability, RiskControlKind, RiskRegisterData } from './types';
import { assertTimestamp, invalidData, validateGovernanceData } from './validate';

/** The risk register shipped in `data/risk-register.json`. */
export function loadRiskRegisterData(): RiskRegisterData {
  return readJsonAsset('data', 'risk-register.json') as RiskRegisterData;
}

/**
 * Acceptability of a risk index (severity x probability, 1..25).
 * @example riskAcceptability(4 * 3) // 'unacceptable'; riskAcceptability(2 * 2) // 'acceptable'
 */
export function riskAcceptability(index: number): RiskAcceptability {
  if (index <= RISK_ACCEPTABLE_MAX_INDEX) return 'acceptable';
  if (index <= RISK_ALARP_MAX_INDEX) return 'alarp';
  return 'unacceptable';
}

const ACCEPTABILITY_LABEL: Readonly<Record<RiskAcceptability, string>> = Object.freeze({
  acceptable: 'acceptable',
  alarp: 'ALARP',
  unacceptable: 'unacceptable',
});

const CONTROL_LABEL: Readonly<Record<RiskControlKind, string>> = Object.freeze({
  inherent_safety: 'inherent safety by design',
  protective_measure: 'protective measure',
  information_for_safety: 'information for safety',
});

const level = (names: readonly string[], n: number): string => `${n} (${names[n - 1]})`;

/** One rendered row of the register. */
export interface RiskRow {
  id: string;
  hazard: string;
  cause: string;
  hazardous_situation: string;
  harm: string;
  severity: string;
  probability: string;
  initial_index: number;
  initial_acceptability: string;
  mitigations: { measure: string; kind: string; verification: string }[];
  residual_severity: string;
  residual_probability: string;
  residual_index: number;
  residual_acceptability: string;
  residual_rationale: string;
}

/** The flat view the risk register template renders. */
export interface RiskRegisterView {
  generated_at: string;
  register: RiskRegisterData;
  rows: RiskRow[];
  /** Levels 1..5 with the severity and probability names of each. */
  scales: { level: number; severity: string; probability: string }[];
  acceptable_max: number;
  alarp_max: number;
  counts: { initial_unacceptable: number; residual_unacceptable: number; residual_alarp: number; residual_acceptable: number };
}

/**
 * Validate the register and build its view. Beyond the schema: ids are unique, and a
 * control never raises the risk (residual index <= initial index). A residual risk left
 * unacceptable is reported in the view, not refused: the register must show it.
 */
export function riskRegisterView(data: unknown, generatedAt: string, source = 'risk register data'): RiskRegisterView {
  const generated_at = assertTimestamp(generatedAt, 'generatedAt');
  const register = validateGovernanceData<RiskRegisterData>('risk_register', data, source);
  const ids = new Map<string, number>();
  const issues: string[] = [];
  register.risks.forEach((r, i) => {
    const prev = ids.get(r.id);
    if (prev !== undefined) issues.push(`/risks/${i}/id: "${r.id}" duplicates /risks/${prev}/id`);
    ids.set(r.id, i);
    if (r.residual_severity * r.residual_probability > r.severity * r.probability) {
      issues.push(
        `/risks/${i}/residual_probability: residual risk ${r.residual_severity}x${r.residual_probability} exceeds the initial ${r.severity}x${r.probability}; a control cannot raise the risk (check the levels)`,
      );
    }
  });
  if (issues.length > 0) invalidData(source, 'risk register', issues);
  const rows: RiskRow[] = register.risks.map((r) => {
    const initial = r.severity * r.probability;
    const residual = r.residual_severity * r.residual_probability;
    return {
      id: r.id,
      hazard: r.hazard,
      cause: r.cause,
      hazardous_situation: r.hazardous_situation,
      harm: r.harm,
      severity: level(SEVERITY_LEVELS, r.severity),
      probability: level(PROBABILITY_LEVELS, r.probability),
      initial_index: initial,
      initial_acceptability: ACCEPTABILITY_LABEL[riskAcceptability(initial)],
      mitigations: r.mitigations.map((m) => ({ measure: m.measure, kind: CONTROL_LABEL[m.kind], verification: m.verification })),
      residual_severity: level(SEVERITY_LEVELS, r.residual_severity),
      residual_probability: level(PROBABILITY_LEVELS, r.residual_probability),
      residual_index: residual,
      residual_acceptability: ACCEPTABILITY_LABEL[riskAcceptability(residual)],
      residual_rationale: r.residual_rationale,
    };
  });
  const residuals = register.risks.map((r) => riskAcceptability(r.residual_severity * r.residual_probability));
  return {
    generated_at,
    register,
    rows,
    scales: SEVERITY_LEVELS.map((severity, i) => ({ level: i + 1, severity, probability: PROBABILITY_LEVELS[i] as string })),
    acceptable_max: RISK_ACCEPTABLE_MAX_INDEX,
    alarp_max: RISK_ALARP_MAX_INDEX,
    counts: {
      initial_unacceptable: register.risks.filter((r) => riskAcceptability(r.severity * r.probability) === 'unacceptable').length,
      residual_unacceptable: residuals.filter((a) => a === 'unacceptable').length,
      residual_alarp: residuals.filter((a) => a === 'alarp').length,
      residual_acceptable: residuals.filter((a) => a === 'acceptable').length,
    },
  };
}

/** Render the risk register as Markdown: a summary table, then each risk's controls. */
export function renderRiskRegister(data: unknown, options: { generatedAt: string; source?: string }): string {
  return renderTemplate('risk-register', riskRegisterView(data, options.generatedAt, options.source));
}
