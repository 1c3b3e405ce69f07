/**
 * The markdown of `rhenium-perf profile`: one line per profiled side (what was sampled, how
 * much of it was the harness's timed loop) and the top functions by self time, with the
 * base → head difference when both sides were profiled.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMs, formatSig, NO_VALUE } from '../render/format';
import type { FunctionSelf, SelfTimes } from './cpuprofile';

/** Rows of the table. */
export const TOP_FUNCTIONS = 20;

/** One profiled side. */
export interface SideProfile {
  label: 'base' | 'head';
  /** `working tree` or the ref given. */
  ref: string;
  sha: string | null;
  dirty: boolean;
  /** Folders whose files are shown relative to them (the side's root first). */
  roots: string[];
  /** The .cpuprofile written (its base name is linked from the markdown). */
  profileFile: string;
  self: SelfTimes;
  /** Calls of the case in the timed samples (samples x batch). */
  timedCalls: number;
  /** Median per-call latency of the timed samples, ms. */
  medianMs: number | null;
}

/** One function as a row: its name, where it is, and its self times. */
interface Row {
  key: string;
  name: string;
  /** `file:line` as shown, or '' for the VM's states ((program), (garbage collector), ...). */
  where: string;
  selfMs: number;
  withinMs: number;
}

/**
 * A script url as shown: a path relative to the first root holding it, from `node_modules/`
 * on for a dependency (the base worktree links the head's), `node:…` as is.
 */
export function displayFile(url: string, roots: readonly string[]): string {
  if (!url) return '';
  let file = url;
  if (url.startsWith('file://')) {
    try {
      file = fileURLToPath(url);
    } catch {
      return url;
    }
  } else if (!path.isAbsolute(url)) {
    return url;
  }
  const nm = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (nm >= 0) return file.slice(nm + 1).split(path.sep).join('/');
  for (const r of roots) {
    const rel = path.relative(r, file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return file;
}

/**
 * The key that matches a function across the two sides: its name and file, the bundler's
 * chunk hash left out (a chunk's name changes with its content); anonymous functions keep
 * their line.
 */
export function matchKey(name: string, file: string, line: number | null): string {
  const f = file.replace(/\/chunk-[A-Za-z0-9_-]+\.(m?js)$/, '/chunk-*.$1');
  return name ? `${name} ${f}` : `(anonymous) ${f}:${line ?? ''}`;
}

function rowsOf(side: SideProfile): Map<string, Row & { best: number }> {
  const out = new Map<string, Row & { best: number }>();
  for (const f of side.self.functions as FunctionSelf[]) {
    const file = displayFile(f.url, side.roots);
    const key = matchKey(f.functionName, file, f.line);
    const where = file ? `${file}${f.line !== null ? `:${f.line}` : ''}` : '';
    const name = f.functionName || '(anonymous)';
    const row = out.get(key);
    if (!row) {
      out.set(key, { key, name, where, selfMs: f.selfMs, withinMs: f.withinMs, best: f.selfMs });
    } else {
      // Functions of one name in one file are one row; it shows the largest one's line.
      row.selfMs += f.selfMs;
      row.withinMs += f.withinMs;
      if (f.selfMs > row.best) {
        row.best = f.selfMs;
        row.where = where;
      }
    }
  }
  return out;
}

/** A table cell as a code span (function names and paths hold `_`, `*`, `<`). */
function code(text: string): string {
  if (!text) return NO_VALUE;
  const t = text.replace(/`/g, "'").replace(/\|/g, '\\|');
  return `\`${t}\``;
}

const share = (ms: number, total: number): number | null => (total > 0 ? (100 * ms) / total : null);
const pct = (x: number | null): string => (x === null ? NO_VALUE : `${x.toFixed(1)}%`);
const ms = (x: number | null): string => (x === null ? NO_VALUE : x.toFixed(1));
/** Self time inside the timed loop per timed call, µs (null when the function ran outside it only). */
const perCall = (r: Row | undefined, side: SideProfile): number | null =>
  r && r.withinMs > 0 && side.timedCalls > 0 ? (1000 * r.withinMs) / side.timedCalls : null;
const us = (x: number | null): string => (x === null ? NO_VALUE : formatSig(x));

function sideLine(s: SideProfile): string {
  const ref = `${s.ref}${s.sha ? ` (${s.sha.slice(0, 12)}${s.dirty ? '+' : ''})` : ''}`;
  const file = path.basename(s.profileFile);
  const timed = s.self.totalMs > 0 ? `${formatMs(s.self.withinMs)} (${pct(share(s.self.withinMs, s.self.totalMs))})` : NO_VALUE;
  return `| ${s.label} | ${code(ref)} | [${file}](${file}) | ${formatMs(s.self.totalMs)} | ${timed} | ${s.timedCalls} | ${formatMs(s.medianMs)} |`;
}

/** The markdown of one case's profiles (head alone, or base and head). */
export function profileMarkdown(caseId: string, head: SideProfile, base: SideProfile | null, top = TOP_FUNCTIONS): string {
  const lines: string[] = [
    `# CPU profile of ${code(caseId)}`,
    '',
    '| side | ref | profile | sampled | timed loop | timed calls | median per call |',
    '|---|---|---|---:|---:|---:|---:|',
    ...(base ? [sideLine(base)] : []),
    sideLine(head),
    '',
  ];
  const h = rowsOf(head);
  if (!base) {
    lines.push(
      `Top ${top} functions by self time:`,
      '',
      '| # | function | file:line | self ms | self % | µs/call |',
      '|---:|---|---|---:|---:|---:|',
    );
    const rows = [...h.values()].sort((a, b) => b.selfMs - a.selfMs || a.key.localeCompare(b.key)).slice(0, top);
    rows.forEach((r, i) => {
      lines.push(`| ${i + 1} | ${code(r.name)} | ${code(r.where)} | ${ms(r.selfMs)} | ${pct(share(r.selfMs, head.self.totalMs))} | ${us(perCall(r, head))} |`);
    });
  } else {
    const b = rowsOf(base);
    const keys = [...new Set([...h.keys(), ...b.keys()])];
    const rank = (k: string): number =>
      Math.max(share(h.get(k)?.selfMs ?? 0, head.self.totalMs) ?? 0, share(b.get(k)?.selfMs ?? 0, base.self.totalMs) ?? 0);
    const chosen = keys.sort((x, y) => rank(y) - rank(x) || x.localeCompare(y)).slice(0, top);
    lines.push(
      `Top ${top} functions by self time on either side, base → head:`,
      '',
      '| # | function | file:line | self ms | self % | µs/call | Δ µs/call |',
      '|---:|---|---|---:|---:|---:|---:|',
    );
    chosen.forEach((k, i) => {
      const hr = h.get(k);
      const br = b.get(k);
      const r = (hr ?? br)!;
      const arrow = (x: string, y: string): string => `${x} → ${y}`;
      const pb = perCall(br, base);
      const ph = perCall(hr, head);
      const delta = pb !== null && ph !== null ? `${ph - pb >= 0 ? '+' : ''}${formatSig(ph - pb)}${pb > 0 ? ` (${ph >= pb ? '+' : ''}${(100 * (ph / pb - 1)).toFixed(0)}%)` : ''}` : NO_VALUE;
      lines.push(
        `| ${i + 1} | ${code(r.name)} | ${code(r.where)} | ${arrow(ms(br?.selfMs ?? null), ms(hr?.selfMs ?? null))} | ` +
          `${arrow(pct(br ? share(br.selfMs, base.self.totalMs) : null), pct(hr ? share(hr.selfMs, head.self.totalMs) : null))} | ` +
          `${arrow(us(pb), us(ph))} | ${delta} |`,
      );
    });
  }
  lines.push(
    '',
    'Self time: the time a function was on top of the stack (its callees excluded), summed over every caller; ' +
      'self % is of the sampled time. The whole process is sampled: process start, setup, warm-up and verify are ' +
      'in the profile too; "timed loop" is the share sampled inside the harness\'s timed samples, and µs/call is a ' +
      "function's self time there divided by the timed calls. Lines are of the built code (dist/), function names the sources'.",
    '',
    'Open a .cpuprofile in Chrome DevTools (Performance panel, "Load profile") or drop it on https://www.speedscope.app.',
    '',
  );
  return lines.join('\n');
}
