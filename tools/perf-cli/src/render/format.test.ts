import { describe, expect, it } from 'vitest';
import { marked } from 'marked';
import { escapeMarkdown, escapeMermaid, truncate } from './escape';

/** Decode the entities marked leaves in its HTML. */
function he(html: string): string {
  return html
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
import { formatChange, formatCount, formatMiB, formatMs, formatP, formatPercent, formatSeconds, formatSig, mermaidNumber } from './format';
import { mermaidBlocks, niceAxisMax } from './mermaid';

describe('number formats', () => {
  it('three significant digits', () => {
    expect(formatSig(0.0123456)).toBe('0.0123');
    expect(formatSig(1.23456)).toBe('1.23');
    expect(formatSig(12)).toBe('12.0');
    expect(formatSig(123.456)).toBe('123');
    expect(formatSig(999.6)).toBe('1000');
    expect(formatSig(9.996)).toBe('10.0');
    expect(formatSig(-4.5678)).toBe('-4.57');
    expect(formatSig(1234567)).toBe('1.23e+6');
    expect(formatSig(0)).toBe('0');
    expect(formatSig(null)).toBe('—');
    expect(formatSig(Number.NaN)).toBe('—');
  });

  it('durations pick ns, µs, ms or s', () => {
    expect(formatMs(0.000512)).toBe('512 ns');
    expect(formatMs(0.25)).toBe('250 µs');
    expect(formatMs(0.9996)).toBe('1000 µs');
    expect(formatMs(12.345)).toBe('12.3 ms');
    expect(formatMs(1234)).toBe('1.23 s');
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(null)).toBe('—');
    expect(formatSeconds(37.08)).toBe('37.1 s');
    expect(formatSeconds(125)).toBe('2 min 05 s');
  });

  it('counts, memory, changes and p-values', () => {
    expect(formatCount(12.5)).toBe('12.5');
    expect(formatCount(2160)).toBe('2.16k');
    expect(formatCount(999_950)).toBe('1.00M');
    expect(formatCount(1.59e9)).toBe('1.59G');
    expect(formatMiB(223)).toBe('223 MiB');
    expect(formatMiB(2048)).toBe('2.00 GiB');
    expect(formatChange(0.1234)).toBe('+12.3%');
    expect(formatChange(-0.2)).toBe('-20.0%');
    expect(formatPercent(0.1)).toBe('10%');
    expect(formatPercent(0.125)).toBe('12.5%');
    expect(formatP(0.0123)).toBe('0.0123');
    expect(formatP(0.0001)).toBe('1.00e-4');
    expect(formatP(1e-9)).toBe('< 1e-6');
  });

  it('Mermaid numbers never use exponent notation', () => {
    expect(mermaidNumber(4.50412)).toBe('4.504');
    expect(mermaidNumber(1e-7)).toBe('0.0000001');
    expect(mermaidNumber(1.234e-9)).toBe('0');
    expect(mermaidNumber(2.5e21)).toBe('2500000000000000000000');
    expect(niceAxisMax(87)).toBe(100);
    expect(niceAxisMax(181.5)).toBe(200);
    expect(niceAxisMax(0.3)).toBe(0.5);
    expect(niceAxisMax(0)).toBe(1);
  });
});

describe('escaping', () => {
  it('Markdown: no table break, no code span, no HTML', () => {
    expect(escapeMarkdown('a | b')).toBe('a &#124; b');
    expect(escapeMarkdown('a \\| b')).toBe('a &#92;&#124; b');
    expect(escapeMarkdown('`x`')).toBe('&#96;x&#96;');
    expect(escapeMarkdown('<script>&')).toBe('&lt;script&gt;&amp;');
    expect(escapeMarkdown('1\n2\r\n3\r4')).toBe('1<br>2<br>3<br>4');
    expect(escapeMarkdown('&#124;')).toBe('&amp;&#35;124;'); // an entity in the input stays text
  });

  it('Markdown: text from a report makes no link, image, autolink or emphasis (rendered by marked, GFM)', () => {
    const hostile = [
      '[x](javascript:alert(1))', '![i](http://evil.example/i.png)', '[ref]: http://evil.example', '[ref]',
      '<http://evil.example>', 'https://evil.example/a', 'www.evil.example', 'mail me@evil.example',
      '*bold* **b** _em_ __u__ ~~s~~', '# heading', '`code`', '<img src=x onerror=alert(1)>', '&lt;b&gt;',
    ];
    for (const h of hostile) {
      const html = marked.parse(`| a |\n| --- |\n| ${escapeMarkdown(h)} |\n\n${escapeMarkdown(h)}\n`, { gfm: true, async: false });
      expect(html, h).not.toMatch(/<(a|img|em|strong|del|code|h1)\b/);
      // the reader sees the text as written
      const cell = /<td>(.*?)<\/td>/s.exec(html)![1]!;
      expect(he(cell), h).toBe(h);
    }
    // identifiers keep their underscores and dots as written
    expect(escapeMarkdown('recon_ct_fbp_ramp_128 1.5 ms')).toBe('recon_ct_fbp_ramp_128 1.5 ms');
  });

  it('Mermaid labels keep only safe characters', () => {
    expect(escapeMermaid('I/O & "parsing"')).toBe('I/O and parsing');
    expect(escapeMermaid('a;b#c%%{init}%%<x>[y]')).toBe('a b c init x y');
    expect(escapeMermaid('µs (p95): 1.5/2 + 3%')).toBe('µs (p95): 1.5/2 + 3%');
    expect(escapeMermaid('"""')).toBe('?');
    expect(escapeMermaid('x'.repeat(100))).toHaveLength(48);
  });

  it('truncate', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });

  it('mermaidBlocks finds fenced mermaid blocks only', () => {
    const md = 'text\n```mermaid\npie\n    "a" : 1\n```\n\n```js\nx\n```\n~~~mermaid\nflowchart LR\n  A --> B\n~~~\n';
    expect(mermaidBlocks(md)).toEqual(['pie\n    "a" : 1', 'flowchart LR\n  A --> B']);
  });
});
