// Every error code any package can raise is documented in docs/perf/errors.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('error catalogue', () => {
  it('docs/perf/errors.md documents every RPERF_ code used in the sources', () => {
    const docs = fs.readFileSync(path.join(root, 'docs', 'perf', 'errors.md'), 'utf8');
    const codes = new Set<string>();
    for (const parent of ['packages', 'tools']) {
      for (const pkg of fs.readdirSync(path.join(root, parent))) {
        for (const f of sourceFiles(path.join(root, parent, pkg, 'src'))) {
          for (const m of fs.readFileSync(f, 'utf8').matchAll(/\b(RPERF_[A-Z0-9_]+)\b/g)) codes.add(m[1]!);
        }
      }
    }
    const undocumented = [...codes].filter((c) => !docs.includes('`' + c + '`')).sort();
    expect(codes.size).toBeGreaterThan(10);
    expect(undocumented).toEqual([]);
  });
});
