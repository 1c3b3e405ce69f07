/**
 * Number formats of the rendered documents: three significant digits, the unit chosen so
 * the number reads naturally (ns / µs / ms / s; k / M / G), an em dash for "no value".
 */

/** Shown where a value is null or not finite. */
export const NO_VALUE = '—';

/**
 * `x` to three significant digits without exponent notation for 1e-3 ≤ |x| < 1e6.
 * @example formatSig(0.0123456) // '0.0123'
 */
export function formatSig(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return NO_VALUE;
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-3) return x.toExponential(digits - 1);
  const magnitude = Math.floor(Math.log10(abs));
  const decimals = Math.max(0, digits - 1 - magnitude);
  const rounded = Number(x.toFixed(decimals));
  // Rounding may carry into a new digit (999.5 -> 1000): re-format with the new magnitude.
  if (Math.floor(Math.log10(Math.abs(rounded))) > magnitude) return rounded.toFixed(Math.max(0, decimals - 1));
  return rounded.toFixed(decimals);
}

/**
 * A duration in milliseconds with a readable unit.
 * @example formatMs(0.000512) // '512 ns'; formatMs(0.25) // '250 µs'; formatMs(1234) // '1.23 s'
 */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return NO_VALUE;
  const abs = Math.abs(ms);
  if (abs === 0) return '0 ms';
  if (abs < 0.001) return `${formatSig(ms * 1e6)} ns`;
  if (abs < 1) return `${formatSig(ms * 1e3)} µs`;
  if (abs < 1000) return `${formatSig(ms)} ms`;
  return `${formatSig(ms / 1000)} s`;
}

/** Seconds, as `12.3 s` or `2 min 05 s`. */
export function formatSeconds(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return NO_VALUE;
  if (sec < 60) return formatMs(sec * 1000);
  const min = Math.floor(sec / 60);
  const rest = Math.round(sec - 60 * min);
  return `${min} min ${String(rest).padStart(2, '0')} s`;
}

/**
 * A count or rate with an SI suffix.
 * @example formatCount(1234567) // '1.23M'; formatCount(12.5) // '12.5'
 */
export function formatCount(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return NO_VALUE;
  const abs = Math.abs(x);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, suffix] of units) {
    // Compare after rounding so 999 950 shows as 1.00M, not 1000k.
    if (Number((abs / scale).toPrecision(3)) >= 1) return `${formatSig(x / scale)}${suffix}`;
  }
  return formatSig(x);
}

/** Memory in MiB (the schema's "MB"), switching to GiB from 1024 MiB. */
export function formatMiB(mb: number | null | undefined): string {
  if (mb === null || mb === undefined || !Number.isFinite(mb)) return NO_VALUE;
  return Math.abs(mb) >= 1024 ? `${formatSig(mb / 1024)} GiB` : `${formatSig(mb)} MiB`;
}

/** A relative change as a signed percentage. @example formatChange(0.1234) // '+12.3%' */
export function formatChange(change: number | null | undefined): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return NO_VALUE;
  const pct = change * 100;
  return `${pct > 0 ? '+' : ''}${formatSig(pct)}%`;
}

/** A threshold fraction as a percentage. @example formatPercent(0.1) // '10%' */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return NO_VALUE;
  return `${Number((fraction * 100).toPrecision(3))}%`;
}

/** A p- or q-value: three significant digits, `< 1e-6` below that. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return NO_VALUE;
  if (p < 1e-6) return '< 1e-6';
  return p >= 0.001 ? formatSig(p) : p.toExponential(2);
}

/**
 * A number for a Mermaid data array: at most 4 significant digits, never exponent notation
 * (the xychart grammar does not read `1e-7`).
 */
export function mermaidNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '0';
  const s = String(Number(x.toPrecision(4)));
  if (!s.includes('e')) return s;
  return Math.abs(x) < 1 ? x.toFixed(8).replace(/\.?0+$/, '') || '0' : BigInt(Math.round(x)).toString();
}
