/**
 * `ab.md`: the A/B summary fit for a PR comment — regressions first, then the inconclusive
 * cases, then a collapsed table of the rest. Text from reports is made inert (no links,
 * images or emphasis created from data).
 */
import type { AbComparison, AbSection } from '@rhenium-perf/schema';

const ORDER = ['regression', 'missing', 'inconclusive', 'improvement', 'new', 'unchanged'] as const;
const ICON: Readonly<Record<string, string>> = {
  regression: '🔴 regression', missing: '🔴 missing', inconclusive: '🟡 inconclusive', improvement: '🟢 improvement', new: '⚪ new', unchanged: '✅ unchanged',
};

/** Escape text for a Markdown table cell. */
function cell(s: string): string {
  return s.replace(/[\\`*_[\]()<>|!#~]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
}

const pct = (x: number | null): string => (x === null || !Number.isFinite(x) ? '—' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`);
const ratio = (x: number | null): string => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(3));

function row(c: AbComparison): string {
  const interval = c.ci_low === null || c.ci_high === null ? '—' : `${ratio(c.ci_low)} – ${ratio(c.ci_high)}`;
  return `| ${cell(c.id)} | ${c.metric} | ${ICON[c.state] ?? c.state} | ${ratio(c.ratio)} | ${interval} | ${c.rounds} | ${c.mde === null ? '—' : `±${(c.mde * 100).toFixed(1)}%`} | ${cell(c.note ?? '')} |`;
}

const HEAD = '| case | metric | state | head/base | 95% interval | rounds | detects | note |\n| --- | --- | --- | ---: | --- | ---: | ---: | --- |';

/** The markdown of an A/B section. */
export function abMarkdown(ab: AbSection): string {
  const sorted = [...ab.comparisons].sort((a, b) => ORDER.indexOf(a.state as (typeof ORDER)[number]) - ORDER.indexOf(b.state as (typeof ORDER)[number]) || a.id.localeCompare(b.id));
  const count = (s: string): number => ab.comparisons.filter((c) => c.state === s).length;
  const latency = ab.comparisons.filter((c) => c.metric === 'latency_ms' && c.mde !== null).map((c) => c.mde!).sort((a, b) => a - b);
  const mdeMedian = latency.length ? latency[latency.length >> 1]! : null;
  const lines = [
    '<!-- rhenium-perf-ab -->',
    `## Rhenium Perf A/B: ${count('regression') > 0 ? '🔴 regression' : count('inconclusive') + count('missing') > 0 ? '🟡 inconclusive' : '✅ no regression'}`,
    '',
    `Base \`${cell(ab.base.ref)}\` (${ab.base.sha.slice(0, 12)}) against head \`${cell(ab.head.ref)}\`${ab.head.sha ? ` (${ab.head.sha.slice(0, 12)}${ab.head.dirty ? ', with uncommitted changes' : ''})` : ''}, measured side by side on this machine: ` +
      `one fresh process per side per round, order by a seeded coin (seed ${ab.seed}). Ratio = head/base (Hodges–Lehmann of the per-round log-ratios), ` +
      `95% interval; false alarms controlled at α = ${ab.alpha} over the run. "detects": the change this case would detect with 80% power (median ${mdeMedian === null ? '—' : `±${(mdeMedian * 100).toFixed(1)}%`}).` +
      `${ab.slowdown ? ` Head slowed on purpose: RHENIUM_PERF_SLOWDOWN=${cell(ab.slowdown)}.` : ''}`,
    '',
    `**${count('regression')} regression, ${count('inconclusive')} inconclusive, ${count('improvement')} improvement, ${count('unchanged')} unchanged, ${count('new')} new, ${count('missing')} missing** — ${ab.wall_sec.toFixed(0)} s of ${ab.budget_sec.toFixed(0)} s budget.`,
    '',
  ];
  const top = sorted.filter((c) => c.state === 'regression' || c.state === 'missing' || c.state === 'inconclusive');
  if (top.length > 0) lines.push(HEAD, ...top.map(row), '');
  const rest = sorted.filter((c) => !top.includes(c));
  if (rest.length > 0) lines.push(`<details><summary>${rest.length} other comparisons</summary>`, '', HEAD, ...rest.map(row), '', '</details>', '');
  return lines.join('\n');
}
