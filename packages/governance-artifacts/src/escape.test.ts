import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdownCode, escapeMarkdownInline } from './escape';
import { tableCells } from './markdown-inspect';
import { NASTY } from '../test/nasty';


describe('escapeHtml', () => {
  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('escapeMarkdownInline', () => {
  it('escapes each special character as documented', () => {
    expect(escapeMarkdownInline('a|b')).toBe('a\\|b');
    expect(escapeMarkdownInline('x\\')).toBe('x&#92;');
    expect(escapeMarkdownInline('`c`')).toBe('&#96;c&#96;');
    expect(escapeMarkdownInline('<script>')).toBe('&lt;script&gt;');
    expect(escapeMarkdownInline('a & b')).toBe('a &amp; b');
    expect(escapeMarkdownInline('*_[]~')).toBe('\\*\\_\\[\\]\\~');
    expect(escapeMarkdownInline('1\n2\r\n3\r4\u20285')).toBe('1<br>2<br>3<br>4<br>5');
    expect(escapeMarkdownInline('a\tb\u0000c')).toBe('a b c');
    expect(escapeMarkdownInline("it's \"fine\"")).toBe("it's \"fine\"");
  });

  it('neutralises block markers at the start of a value', () => {
    expect(escapeMarkdownInline('# h')).toBe('\\# h');
    expect(escapeMarkdownInline('- item')).toBe('\\- item');
    expect(escapeMarkdownInline('+ item')).toBe('\\+ item');
    expect(escapeMarkdownInline('---')).toBe('\\---');
    expect(escapeMarkdownInline('===')).toBe('\\===');
    expect(escapeMarkdownInline('12. item')).toBe('12\\. item');
    expect(escapeMarkdownInline('3) item')).toBe('3\\) item');
    expect(escapeMarkdownInline('    code')).toBe('code');
    expect(escapeMarkdownInline('> quote')).toBe('&gt; quote');
    expect(escapeMarkdownInline('a # b - c 1. d')).toBe('a # b - c 1. d');
    expect(escapeMarkdownInline('0.1.0')).toBe('0.1.0');
    expect(escapeMarkdownInline('1.\nx')).toBe('1\\.<br>x');
  });

  it('keeps every nasty value inside one table cell with no tag but <br>', () => {
    for (const v of NASTY) {
      const out = escapeMarkdownInline(v);
      const row = `| ${out} | next |`;
      expect(tableCells(row), v).toHaveLength(2);
      expect(out).not.toMatch(/[\n\r\u2028\u2029\u0085`]/);
      expect(out.replace(/<br>/g, '')).not.toMatch(/[<>]/);
      expect(out).not.toMatch(/<script/i);
      // A raw backslash never reaches the output, so no data can escape our `\|`.
      expect(out.replace(/\\[|*_[\]~#+=.)-]/g, '')).not.toContain('\\');
      expect(out).not.toMatch(/^(\s|[#+=-]|\d+[.)]( |$))/);
    }
  });
});

describe('escapeMarkdownCode', () => {
  it('wraps inert ids and hashes in a code span', () => {
    expect(escapeMarkdownCode('9d8a0be4f22c')).toBe('`9d8a0be4f22c`');
    expect(escapeMarkdownCode('2025-01-31T12:00:00Z')).toBe('`2025-01-31T12:00:00Z`');
    expect(escapeMarkdownCode('@rhenium-perf/fixtures')).toBe('`@rhenium-perf/fixtures`');
  });

  it('falls back to escaped text for anything else', () => {
    expect(escapeMarkdownCode('a`|b')).toBe('a&#96;\\|b');
    expect(escapeMarkdownCode('<script>')).toBe('&lt;script&gt;');
    expect(escapeMarkdownCode('')).toBe('');
  });
});
