/**
 * Mermaid helpers: find the diagrams in a Markdown document, and pick axis bounds.
 */

/**
 * The code of every ```mermaid fenced block of `markdown`, in order.
 * @example mermaidBlocks('x\n```mermaid\npie\n  "a" : 1\n```\n') // ['pie\n  "a" : 1']
 */
export function mermaidBlocks(markdown: string): string[] {
  const out: string[] = [];
  const re = /^(`{3,}|~{3,})[ \t]*mermaid[ \t]*\r?\n([\s\S]*?)\r?\n\1[ \t]*$/gm;
  for (let m = re.exec(markdown); m !== null; m = re.exec(markdown)) out.push(m[2]!);
  return out;
}

/**
 * A round upper bound for a chart axis: the smallest 1, 2 or 5 × 10^k at or above
 * 1.1 × max (1 when max is 0).
 * @example niceAxisMax(87) // 100
 */
export function niceAxisMax(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const target = max * 1.1;
  const k = Math.floor(Math.log10(target));
  for (const m of [1, 2, 5, 10]) {
    const v = m * 10 ** k;
    if (v >= target) return Number(v.toPrecision(2));
  }
  return 10 ** (k + 1);
}
