// The markdown of `rhenium-perf profile`: paths as shown, functions matched across sides,
// the head-only table and the base → head table.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SelfTimes } from './cpuprofile';
import { displayFile, matchKey, profileMarkdown, type SideProfile } from './table';

const root = path.resolve('/w/main');
const baseRoot = path.join(root, 'artifacts', 'perf', 'ab', 'base-0123456789ab');
const url = (r: string, rel: string): string => pathToFileURL(path.join(r, rel)).href;

function side(label: 'base' | 'head', r: string, self: SelfTimes, timedCalls: number): SideProfile {
  return { label, ref: label === 'head' ? 'working tree' : 'main', sha: 'a'.repeat(40), dirty: label === 'head', roots: [r, root], profileFile: `/out/c.${label}.cpuprofile`, self, timedCalls, medianMs: 10 };
}

describe('profile table', () => {
  it('shows files relative to their side, dependencies from node_modules/ on, node: urls as they are', () => {
    expect(displayFile(url(root, 'packages/x/dist/chunk-AB12.js'), [root])).toBe('packages/x/dist/chunk-AB12.js');
    expect(displayFile(url(baseRoot, 'packages/x/dist/a.js'), [baseRoot, root])).toBe('packages/x/dist/a.js');
    expect(displayFile(url(root, 'node_modules/fft.js/lib/fft.js'), [baseRoot])).toBe('node_modules/fft.js/lib/fft.js');
    expect(displayFile('node:internal/modules/esm/utils', [root])).toBe('node:internal/modules/esm/utils');
    expect(displayFile('', [root])).toBe('');
    expect(displayFile(pathToFileURL('/elsewhere/x.js').href, [root])).toBe(path.resolve('/elsewhere/x.js'));
  });

  it('matches a function across sides by name and file, without the chunk hash; anonymous ones by line', () => {
    expect(matchKey('backProject', 'packages/r/dist/chunk-UYHCCY6O.js', 389)).toBe(matchKey('backProject', 'packages/r/dist/chunk-Q1W2E3R4.js', 402));
    expect(matchKey('backProject', 'packages/r/dist/a.js', 1)).not.toBe(matchKey('backProject', 'packages/s/dist/a.js', 1));
    expect(matchKey('', 'a.js', 3)).not.toBe(matchKey('', 'a.js', 7));
  });

  it('head alone: the top functions by self time with their share and time per timed call', () => {
    const self: SelfTimes = {
      totalMs: 1000, withinMs: 800, samples: 1000,
      functions: [
        { functionName: 'backProject', url: url(root, 'packages/r/dist/chunk-A.js'), line: 389, selfMs: 700, withinMs: 690 },
        { functionName: 'setup', url: url(root, 'packages/r/dist/chunk-A.js'), line: 10, selfMs: 200, withinMs: 0 },
        { functionName: '(garbage collector)', url: '', line: null, selfMs: 100, withinMs: 50 },
      ],
    };
    const md = profileMarkdown('recon_x', side('head', root, self, 100), null, 2);
    const rows = md.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows).toEqual([
      '| 1 | `backProject` | `packages/r/dist/chunk-A.js:389` | 700.0 | 70.0% | 6900 |',
      '| 2 | `setup` | `packages/r/dist/chunk-A.js:10` | 200.0 | 20.0% | — |',
    ]);
    expect(md).toContain('| head | `working tree (aaaaaaaaaaaa+)` | [c.head.cpuprofile](c.head.cpuprofile) | 1.00 s | 800 ms (80.0%) | 100 | 10.0 ms |');
    expect(md).toMatch(/speedscope/);
  });

  it('base and head: one row per function on either side, base → head, and the change per call', () => {
    const head: SelfTimes = {
      totalMs: 2000, withinMs: 1800, samples: 2000,
      functions: [
        { functionName: 'backProject', url: url(root, 'packages/r/dist/chunk-NEW.js'), line: 400, selfMs: 1500, withinMs: 1500 },
        { functionName: 'newHelper', url: url(root, 'packages/r/dist/chunk-NEW.js'), line: 20, selfMs: 300, withinMs: 300 },
      ],
    };
    const base: SelfTimes = {
      totalMs: 1000, withinMs: 900, samples: 1000,
      functions: [
        { functionName: 'backProject', url: url(baseRoot, 'packages/r/dist/chunk-OLD.js'), line: 389, selfMs: 800, withinMs: 800 },
        { functionName: 'oldHelper', url: url(baseRoot, 'packages/r/dist/chunk-OLD.js'), line: 30, selfMs: 100, withinMs: 100 },
      ],
    };
    // head: 200 timed calls, backProject 1500 ms -> 7500 µs/call; base: 100 calls, 800 ms -> 8000 µs/call.
    const md = profileMarkdown('recon_x', side('head', root, head, 200), side('base', baseRoot, base, 100));
    const rows = md.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows).toEqual([
      '| 1 | `backProject` | `packages/r/dist/chunk-NEW.js:400` | 800.0 → 1500.0 | 80.0% → 75.0% | 8000 → 7500 | -500 (-6%) |',
      '| 2 | `newHelper` | `packages/r/dist/chunk-NEW.js:20` | — → 300.0 | — → 15.0% | — → 1500 | — |',
      '| 3 | `oldHelper` | `packages/r/dist/chunk-OLD.js:30` | 100.0 → — | 10.0% → — | 1000 → — | — |',
    ]);
    // The base line comes first and is a clean commit.
    expect(md.indexOf('| base | `main (aaaaaaaaaaaa)`')).toBeGreaterThan(0);
    expect(md.indexOf('| base |')).toBeLessThan(md.indexOf('| head |'));
  });
});
