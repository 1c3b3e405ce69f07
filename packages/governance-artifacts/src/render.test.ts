import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageRootUrl, readAsset } from './assets';
import { PRINT_HELPERS, TEMPLATE_NAMES, renderTemplate } from './render';

const BLOCK_HELPERS = ['if', 'unless', 'each', 'else'];

describe('templates', () => {
  it('are found at the package root, next to package.json "files"', () => {
    const root = fileURLToPath(packageRootUrl());
    const pkg = JSON.parse(fs.readFileSync(`${root}/package.json`, 'utf8')) as { name: string; files: string[] };
    expect(pkg.name).toBe('@rhenium-perf/governance-artifacts');
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'templates', 'schemas', 'data']));
    const onDisk = fs.readdirSync(`${root}/templates`).filter((f) => f.endsWith('.md.hbs')).map((f) => f.slice(0, -'.md.hbs'.length)).sort();
    expect(onDisk).toEqual([...TEMPLATE_NAMES].sort());
  });

  it('print values only through the escaping helpers (no triple-stash, no bare {{value}})', () => {
    for (const name of TEMPLATE_NAMES) {
      const text = readAsset('templates', `${name}.md.hbs`);
      expect(text, name).not.toContain('{{{');
      expect(text, name).not.toMatch(/\{\{\s*[>&]/);
      for (const m of text.matchAll(/\{\{~?\s*([^}]*?)\s*~?\}\}/g)) {
        const body = m[1] as string;
        if (body.startsWith('!')) continue; // comment
        const head = body.replace(/^[#/^]/, '').split(/\s+/)[0] as string;
        if (body.startsWith('/') || body === 'else') continue;
        if (body.startsWith('#') || body.startsWith('^')) {
          expect(BLOCK_HELPERS, `${name}: {{${body}}}`).toContain(head);
          continue;
        }
        expect(PRINT_HELPERS as readonly string[], `${name}: {{${body}}} prints without an escaping helper`).toContain(head);
      }
    }
  });

  it('fail loudly on an object the view lacks (strict mode)', () => {
    expect(() => renderTemplate('audit-log', { generated_at: 'x' })).toThrow();
    expect(() => renderTemplate('dataset-card', { generated_at: 'x', card: {} })).toThrow(/package/);
  });
});
