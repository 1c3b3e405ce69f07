import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeInput } from './decode';
import { PipelineError } from './errors';

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('PipelineError', () => {
  it('carries its code, stage and file, and says them in its one-line message', () => {
    const e = new PipelineError('RPERF_E2E_WRITE_FAILED', 'write', '/ro/x.dossier.json', 'EACCES: permission denied; choose a writable outDir');
    expect([e.name, e.code, e.stage, e.file]).toEqual(['PipelineError', 'RPERF_E2E_WRITE_FAILED', 'write', '/ro/x.dossier.json']);
    expect(e.message).toBe('[write] /ro/x.dossier.json: EACCES: permission denied; choose a writable outDir');
  });

  it('decodeInput of a NIfTI path that does not exist: RPERF_E2E_INPUT_NOT_FOUND naming the file, in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rperf-e2e-errors-'));
    try {
      const missing = join(dir, 'missing.nii.gz');
      await expect(decodeInput({ kind: 'nifti', path: missing })).rejects.toThrow(
        expect.objectContaining({ name: 'PipelineError', code: 'RPERF_E2E_INPUT_NOT_FOUND', stage: 'decode', file: missing, message: expect.stringMatching(/^[^\n]*check the path$/) }),
      );
      await expect(decodeInput({ kind: 'dicom', dir: join(dir, 'no-such-series') })).rejects.toThrow(expect.objectContaining({ code: 'RPERF_E2E_INPUT_NOT_FOUND' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('decodeInput of an unknown input kind: RPERF_E2E_INVALID_OPTIONS', async () => {
    await expect(decodeInput({ kind: 'png', path: 'x.png' } as never)).rejects.toThrow(
      expect.objectContaining({ code: 'RPERF_E2E_INVALID_OPTIONS', message: `[options] input.kind must be 'nifti', 'dicom' or 'volume', received "png"` }),
    );
  });
});
