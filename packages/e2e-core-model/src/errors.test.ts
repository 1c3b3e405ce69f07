import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeInput } from './decode';
import { E2E_ERROR_CODES, PipelineError } from './errors';

async function thrown(p: Promise<unknown>): Promise<PipelineError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(PipelineError);
    return err as PipelineError;
  }
  throw new Error('expected a PipelineError, nothing was thrown');
}

describe('E2E_ERROR_CODES', () => {
  it('RPERF_E2E_ codes, each with a one-line meaning; frozen', () => {
    expect(Object.isFrozen(E2E_ERROR_CODES)).toBe(true);
    for (const [code, meaning] of Object.entries(E2E_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_E2E_[A-Z0-9_]*[A-Z0-9]$/);
      expect(meaning.trim(), code).not.toBe('');
      expect(meaning, code).not.toMatch(/[\r\n]/);
    }
  });

  it('PipelineError carries its code, stage and file, and says them in its one-line message', () => {
    const e = new PipelineError('RPERF_E2E_WRITE_FAILED', 'write', '/ro/x.dossier.json', 'EACCES: permission denied; choose a writable outDir');
    expect([e.name, e.code, e.stage, e.file]).toEqual(['PipelineError', 'RPERF_E2E_WRITE_FAILED', 'write', '/ro/x.dossier.json']);
    expect(e.message).toBe('[write] /ro/x.dossier.json: EACCES: permission denied; choose a writable outDir');
  });

  it('decodeInput of a NIfTI path that does not exist: RPERF_E2E_INPUT_NOT_FOUND naming the file, in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rperf-e2e-errors-'));
    try {
      const missing = join(dir, 'missing.nii.gz');
      const e = await thrown(decodeInput({ kind: 'nifti', path: missing }));
      expect(e.code).toBe('RPERF_E2E_INPUT_NOT_FOUND');
      expect([e.stage, e.file]).toEqual(['decode', missing]);
      expect(e.message).toContain(missing);
      expect(e.message).toMatch(/check the path$/);
      expect(e.message).not.toMatch(/\n/);
      const folder = await thrown(decodeInput({ kind: 'dicom', dir: join(dir, 'no-such-series') }));
      expect(folder.code).toBe('RPERF_E2E_INPUT_NOT_FOUND');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('decodeInput of an unknown input kind: RPERF_E2E_INVALID_OPTIONS', async () => {
    const e = await thrown(decodeInput({ kind: 'png', path: 'x.png' } as never));
    expect(e.code).toBe('RPERF_E2E_INVALID_OPTIONS');
    expect(e.message).toBe(`[options] input.kind must be 'nifti', 'dicom' or 'volume', received "png"`);
  });
});
