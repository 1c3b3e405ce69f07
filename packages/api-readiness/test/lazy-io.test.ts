/**
 * The server's main thread does not load io-parsing before it listens (issue #17: it is the
 * longer path to ready); serve() loads it right after listening, and a segment request works.
 * Checked in a fresh process: io-parsing loads dicom-parser (CommonJS), visible in the cache.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('io-parsing on the server', () => {
  it('is not loaded by building the server, and is loaded by ioParsing()', () => {
    const code = `
      import { createRequire } from 'node:module';
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => /[\\\\/]dicom-parser[\\\\/]/.test(k));
      const { buildServer } = await import('./src/app.ts');
      const { ioParsing, isIoParsingError } = await import('./src/io.ts');
      const app = buildServer({ engine: { name: 'none', load: async () => ({ name: 'none', sha256: null, device: 'cpu', threads: null }), segment: async () => { throw new Error('unused'); } } });
      await app.ready();
      const before = loaded();
      const io = await ioParsing();
      const err = new io.IoError('RPERF_IO_TRUNCATED', 'x.nii', 'short');
      console.log(JSON.stringify({ before, after: loaded(), same: (await ioParsing()) === io, isIo: isIoParsingError(err), plain: isIoParsingError(new Error('x')) }));
      await app.close();`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@rhenium-perf/source', '--input-type=module', '-e', code], { cwd: packageDir, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ before: false, after: true, same: true, isIo: true, plain: false });
  });
});
