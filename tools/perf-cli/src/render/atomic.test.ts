import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomic } from './atomic';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-atomic-'));
const tempsIn = (d: string): string[] => fs.readdirSync(d).filter((f) => f.endsWith('.tmp'));

describe('writeFilesAtomic', () => {
  it('writes every file, making folders, and leaves no temp file', () => {
    const d = path.join(tmp, 'ok');
    writeFilesAtomic(new Map([[path.join(d, 'a.md'), 'A'], [path.join(d, 'sub', 'b.md'), 'B']]));
    expect(fs.readFileSync(path.join(d, 'a.md'), 'utf8')).toBe('A');
    expect(fs.readFileSync(path.join(d, 'sub', 'b.md'), 'utf8')).toBe('B');
    expect(tempsIn(d)).toEqual([]);
  });

  it('a write that fails replaces nothing and leaves no temp file', () => {
    const d = path.join(tmp, 'write-fails');
    fs.mkdirSync(d);
    fs.writeFileSync(path.join(d, 'a.md'), 'old');
    fs.writeFileSync(path.join(d, 'file'), '');
    expect(() => writeFilesAtomic(new Map([[path.join(d, 'a.md'), 'new'], [path.join(d, 'file', 'b.md'), 'B']]))).toThrow(/cannot write .*file\/b\.md \(ENOTDIR\); nothing was replaced/);
    expect(fs.readFileSync(path.join(d, 'a.md'), 'utf8')).toBe('old');
    expect(tempsIn(d)).toEqual([]);
  });

  it('a rename that fails after another succeeded says which were replaced, and removes the temps', () => {
    const d = path.join(tmp, 'rename-fails');
    fs.mkdirSync(path.join(d, 'b.md'), { recursive: true }); // a folder where a file should go
    expect(() => writeFilesAtomic(new Map([[path.join(d, 'a.md'), 'A'], [path.join(d, 'b.md'), 'B'], [path.join(d, 'c.md'), 'C']]))).toThrow(
      /cannot replace .*b\.md \((EISDIR|ENOTEMPTY|EEXIST)\); already replaced: .*a\.md;/,
    );
    expect(fs.readFileSync(path.join(d, 'a.md'), 'utf8')).toBe('A');
    expect(fs.existsSync(path.join(d, 'c.md'))).toBe(false);
    expect(tempsIn(d)).toEqual([]);
  });
});
