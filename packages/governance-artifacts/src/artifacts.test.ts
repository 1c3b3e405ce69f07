import { describe, expect, it } from 'vitest';
import { benchModelDescriptors } from '../bench/support';
import { generateArtifacts } from './artifacts';
import { verifyAuditLog } from './audit-log';
import { loadDatasetCardData } from './dataset-card';
import { sha256Hex } from './hash';
import { loadModelCardText, modelCardData } from './model-card';
import { loadRiskRegisterData } from './risk-register';
import { syntheticReport } from './synthetic-report';

const AT = '2025-01-31T12:00:00Z';

describe('generateArtifacts', () => {
  it('renders every artifact and records each in a verifying audit log', () => {
    const inputs = {
      modelCard: modelCardData(loadModelCardText(), benchModelDescriptors()),
      datasetCard: loadDatasetCardData(),
      riskRegister: loadRiskRegisterData(),
      report: syntheticReport({ results: 60, timestamp: AT }),
      generatedAt: AT,
    };
    const { artifacts, auditLog } = generateArtifacts(inputs);
    expect(artifacts.map((a) => a.name)).toEqual(['model-card.md', 'dataset-card.md', 'risk-register.md', 'report-figures.md']);
    for (const a of artifacts) expect(a.content, a.name).toContain('Research use only');
    expect(auditLog.entries.map((e) => e.sha256)).toEqual(artifacts.map((a) => sha256Hex(a.content)));
    const contents = Object.fromEntries(artifacts.map((a) => [a.name, a.content]));
    expect(verifyAuditLog(auditLog, { artifacts: contents }).state).toBe('valid');
    // Same data and time: same bytes, same chain.
    expect(generateArtifacts(inputs).auditLog).toEqual(auditLog);
    // A second generation appends to the same log.
    const again = generateArtifacts({ ...inputs, report: null, generatedAt: '2025-02-01T00:00:00Z', auditLog });
    expect(again.artifacts).toHaveLength(3);
    expect(again.auditLog.entries).toHaveLength(7);
    expect(verifyAuditLog(again.auditLog).state).toBe('valid');
  });
});
