/**
 * Bad input to the real `rhenium` process: exit code 2 and exactly one line on stderr,
 * naming the problem and the fix.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'rhenium-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const garbage = join(dir, 'garbage.nii');
writeFileSync(garbage, 'this is not a NIfTI file'.repeat(20));

async function expectUsageError(args: string[], pattern: RegExp): Promise<void> {
  const r = await runCli(args);
  expect(r.exitCode, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^rhenium: error: .+; .+/);
  expect(lines[0]).toMatch(pattern);
}

describe('rhenium bad input (spawned process)', () => {
  it('an unknown command: exit 2, one line with a suggestion', async () => {
    await expectUsageError(['segmnt', 'x.nii'], /unknown command 'segmnt'; did you mean 'segment'\?/);
  });

  it('an unknown option: exit 2, one line naming it and the likely one', async () => {
    await expectUsageError(['recon-ct', 'sino.nii', '--angels', '0:180:10', '-o', 'x.nii'], /unknown option '--angels'.*did you mean '--angles'/);
    await expectUsageError(['--verison'], /unknown option '--verison'; did you mean '--version'/);
  });

  it('a missing file: exit 2, one line naming the path', async () => {
    await expectUsageError(['info', join(dir, 'missing.nii.gz')], /input '.*missing\.nii\.gz' does not exist; check the path/);
    await expectUsageError(['recon-mri', join(dir, 'missing.nii'), '-o', join(dir, 'o.nii')], /k-space file '.*missing\.nii' does not exist/);
  });

  it('a file that is not a NIfTI: exit 2, one line from the reader', async () => {
    await expectUsageError(['info', garbage], /garbage\.nii/);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file (no read permission): exit 2', async () => {
    const locked = join(dir, 'locked.nii');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0o000);
    await expectUsageError(['info', locked], /not readable \(permission denied\)/);
  });

  it('missing arguments and option values: exit 2', async () => {
    await expectUsageError([], /no command given/);
    await expectUsageError(['info'], /'rhenium info' needs <file\|dicom-folder>/);
    await expectUsageError(['recon-ct', garbage, '--angles'], /option '--angles' needs a value START:STOP:COUNT/);
    await expectUsageError(['recon-ct', garbage, '--angles', '0:180:10'], /needs --output; add '--output FILE'/);
  });

  it('malformed option values and outputs: exit 2 before any work', async () => {
    await expectUsageError(['recon-ct', garbage, '--angles', '0:180', '-o', join(dir, 'o.nii')], /--angles '0:180' is not START:STOP:COUNT/);
    await expectUsageError(['recon-mri', garbage, '--method', 'cg', '-o', join(dir, 'o.nii')], /--method must be one of zf, cgsense, fista, received 'cg'/);
    await expectUsageError(['recon-ct', garbage, '--angles', '0:180:4', '-o', join(dir, 'no', 'such', 'o.nii')], /folder of -o .* does not exist; create it first/);
    await expectUsageError(['recon-ct', garbage, '--angles', '0:180:4', '-o', garbage], /is also an input/);
  });
});
