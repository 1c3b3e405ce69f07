/**
 * The audit log: append 64 artifacts to a new hash chain (sha256 of each artifact and of
 * each entry), verify the chain, render it. Verification also checks that an edited entry
 * is caught at that entry.
 */
import { VerifyError, defineBench, expectQuality, type BenchCase } from '@rhenium-perf/harness';
import {
  appendAuditEntry,
  createAuditLog,
  generateArtifacts,
  loadDatasetCardData,
  loadModelCardText,
  loadRiskRegisterData,
  modelCardData,
  renderAuditLog,
  syntheticReport,
  verifyAuditLog,
  type AuditLog,
  type AuditVerification,
} from '../src/index';
import { BENCH_GENERATED_AT, benchModelDescriptors, verifyRendered } from './support';

const ENTRIES = 64;
const TAMPERED_INDEX = 37;

interface State {
  items: { artifact: string; content: string; timestamp: string }[];
}

interface Output {
  log: AuditLog;
  verification: AuditVerification;
  markdown: string;
}

function appendVerifyRender(s: State): Output {
  let log = createAuditLog();
  for (const item of s.items) log = appendAuditEntry(log, item);
  const verification = verifyAuditLog(log);
  return { log, verification, markdown: renderAuditLog(log, { generatedAt: BENCH_GENERATED_AT }) };
}

const audit = defineBench({
  id: `gov_audit_log_append_verify_n${ENTRIES}`,
  category: 'governance_artifacts',
  task: 'audit_log_append_verify',
  modality: null,
  // One item = one log of 64 entries appended, verified and rendered; input count = the entries (no voxels).
  inputShape: [ENTRIES],
  dtype: 'json',
  tags: ['smoke', 'full'],
  // ~3 ms a call: 5 warm-up + 20 timed samples per process (the smoke run keeps its 20).
  warmupRunsPerProcess: 5,
  measuredRunsPerProcess: 20,
  params: { entries: ENTRIES },
  setup: (): State => {
    const { artifacts } = generateArtifacts({
      modelCard: modelCardData(loadModelCardText(), benchModelDescriptors()),
      datasetCard: loadDatasetCardData(),
      riskRegister: loadRiskRegisterData(),
      report: syntheticReport({ results: 60, timestamp: BENCH_GENERATED_AT }),
      generatedAt: BENCH_GENERATED_AT,
    });
    const t0 = Date.parse(BENCH_GENERATED_AT);
    // Injected, increasing timestamps: one artifact per second, cycling the four artifacts.
    const items = Array.from({ length: ENTRIES }, (_, i) => {
      const a = artifacts[i % artifacts.length]!;
      return { artifact: `run-${Math.floor(i / artifacts.length)}/${a.name}`, content: a.content, timestamp: new Date(t0 + i * 1000).toISOString() };
    });
    renderAuditLog(createAuditLog(), { generatedAt: BENCH_GENERATED_AT }); // compile the template outside the timed region
    return { items };
  },
  run: appendVerifyRender,
  verify: (s: State, out: Output, ctx) => {
    if (out.verification.state !== 'valid') throw new VerifyError(`fresh log does not verify: ${out.verification.message}`);
    if (out.verification.entries !== ENTRIES) throw new VerifyError(`log has ${out.verification.entries} entries, expected ${ENTRIES}`);
    ctx.record('head', out.verification.head);
    const tampered: AuditLog = structuredClone(out.log);
    const victim = tampered.entries[TAMPERED_INDEX]!;
    victim.sha256 = victim.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const t = verifyAuditLog(tampered);
    const caughtAt = t.state === 'broken' ? t.index : -1;
    const again = appendVerifyRender(s);
    return {
      ...verifyRendered(out.markdown, again.markdown, { headings: ['# Audit log of generated artifacts', '## Entries'], tableRows: [4, ENTRIES] }, ctx),
      tamper_detected_at: expectQuality('tamper_detected_at', caughtAt, { min: TAMPERED_INDEX, unit: 'index' }),
      tamper_index_error: expectQuality('tamper_index_error', Math.abs(caughtAt - TAMPERED_INDEX), { max: 0, unit: 'entries' }),
    };
  },
});

export default [audit];
