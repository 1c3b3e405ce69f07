// File helpers against the real filesystem and real signals: folders that cannot be made
// fail at once (procfs, under a file), and a write interrupted by SIGINT / SIGTERM leaves no
// temp file beside its target.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importPackageFrom, isPrivateFolder, makeDirectory, packageRoot, writeFileAtomic, writeTextAtomic } from '../src/fs';

const FS_MODULE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'fs.ts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-fs-'));

/** Run `code` (an ES module body; `fsm` is the harness fs module) in a fresh Node process. */
function nodeScript(code: string): string {
  const file = path.join(tmp, `s-${Math.random().toString(36).slice(2)}.mts`);
  fs.writeFileSync(file, `import * as fsm from ${JSON.stringify(FS_MODULE)};\n${code}\n`);
  return file;
}

describe('makeDirectory', () => {
  it('makes the missing levels, and accepts a folder that exists', () => {
    const d = path.join(tmp, 'a', 'b', 'c');
    makeDirectory(d);
    makeDirectory(d);
    expect(fs.statSync(d).isDirectory()).toBe(true);
  });

  it('under a file: ENOTDIR naming the file', () => {
    const f = path.join(tmp, 'file');
    fs.writeFileSync(f, 'x');
    expect(() => makeDirectory(path.join(f, 'sub', 'dir'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(() => makeDirectory(f)).toThrow(expect.objectContaining({ code: 'ENOTDIR', path: f }));
  });

  it.skipIf(!fs.existsSync('/proc/self'))('under /proc: fails at once (a recursive mkdir spins there forever)', () => {
    const script = nodeScript(`try { fsm.makeDirectory('/proc/rperf-x/y'); console.log('made'); } catch (e) { console.log(e.code); }`);
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toBe('ENOENT');
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
});

describe('atomic writes and signals', () => {
  it('a write is whole or absent, never a temp file left', () => {
    const f = path.join(tmp, 'w', 'x.json');
    writeTextAtomic(f, 'one');
    writeTextAtomic(f, 'two');
    expect(fs.readFileSync(f, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.dirname(f))).toEqual(['x.json']);
  });

  // A child writes 64 MB files back to back, returning to the event loop between writes as
  // the CLIs do; the signal arrives while one is being written.
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${signal} during a write: exit ${code}, the target whole, no temp file`, async () => {
      const dir = path.join(tmp, `sig-${signal}`);
      fs.mkdirSync(dir);
      const target = path.join(dir, 'report.json');
      const script = nodeScript(`
        import fs from 'node:fs';
        fsm.removeTempsOnSignals();
        const big = 'x'.repeat(64 * 1024 * 1024);
        let i = 0;
        const step = () => {
          fsm.writeTextAtomic(${JSON.stringify(target)}, big);
          if (i++ === 0) fs.writeSync(1, 'ready\\n');
          if (i < 200) setImmediate(step);
        };
        step();
      `);
      const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
      try {
        await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
        await new Promise((r) => setTimeout(r, 30));
        child.kill(signal);
        const exit = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
        expect(exit).toBe(code);
        expect(fs.readdirSync(dir)).toEqual(['report.json']);
        expect(fs.statSync(target).size).toBe(64 * 1024 * 1024);
      } finally {
        clearTimeout(guard);
        child.kill('SIGKILL');
      }
    }, 60_000);
  }
});

describe('writeFileAtomic and isPrivateFolder', () => {
  it('writes bytes whole with the mode asked, over an old file, and leaves no temp file', () => {
    const d = path.join(tmp, 'bin');
    const f = path.join(d, 'x.bin');
    writeFileAtomic(f, new Uint8Array([1, 2, 3]));
    writeFileAtomic(f, new Uint8Array([0, 255, 7, 9]), { mode: 0o600 });
    expect([...fs.readFileSync(f)]).toEqual([0, 255, 7, 9]);
    expect(fs.readdirSync(d)).toEqual(['x.bin']);
    const g = path.join(d, 'y.bin');
    writeFileAtomic(g, 'text', { mode: 0o600 });
    if (process.platform !== 'win32') expect(fs.statSync(g).mode & 0o777).toBe(0o600);
  });

  it('a folder others can write to, or a file, is not private', () => {
    const d = path.join(tmp, 'priv');
    fs.mkdirSync(d, { mode: 0o700 });
    fs.chmodSync(d, 0o700);
    expect(isPrivateFolder(d)).toBe(true);
    fs.chmodSync(d, 0o777);
    expect(isPrivateFolder(d)).toBe(false);
    expect(isPrivateFolder(path.join(tmp, 'bin', 'x.bin'))).toBe(false);
    expect(isPrivateFolder(path.join(tmp, 'nowhere'))).toBe(false);
  });
});

describe('packageRoot', () => {
  it('finds the package of a module from any depth, by name when given', () => {
    const pkg = path.join(tmp, 'pkgroot', 'packages', 'demo');
    fs.mkdirSync(path.join(pkg, 'dist', 'bench'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'pkgroot', 'package.json'), JSON.stringify({ name: 'root' }));
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@x/demo' }));
    const deep = pathToFileURL(path.join(pkg, 'dist', 'bench', 'a.js'));
    expect(packageRoot(deep)).toBe(pkg);
    expect(packageRoot(deep, '@x/demo')).toBe(pkg);
    expect(packageRoot(deep, 'root')).toBe(path.join(tmp, 'pkgroot'));
    expect(packageRoot(deep, '@x/none')).toBeNull();
  });

  it('this module: the harness package', () => {
    expect(packageRoot(import.meta.url, '@rhenium-perf/harness')).toBe(path.resolve(path.dirname(FS_MODULE), '..'));
  });
});

describe('importPackageFrom', () => {
  const here = fileURLToPath(import.meta.url);
  it('imports the package as a module at the given path resolves it, through the condition asked for', async () => {
    const schema = await importPackageFrom<{ CATEGORY_IDS: readonly string[] }>(here, '@rhenium-perf/schema', '@rhenium-perf/source');
    expect(schema.CATEGORY_IDS).toContain('perception_inference');
  });

  it('names the package.json and the condition when the package has no such entry', async () => {
    await expect(importPackageFrom(here, '@rhenium-perf/schema', 'no-such-condition')).rejects.toThrow(/schema[\\/]package\.json names no "no-such-condition" entry for "\."; reinstall @rhenium-perf\/schema$/);
  });
});
