/**
 * Property: whatever option values `rhenium` is given, it ends with exit 0, or exit 2 and
 * exactly one `rhenium: error: ...` line on stderr — never exit 1, never a stack trace,
 * never a hang. Seeded random command lines (commands, positionals, known and unknown
 * options, hostile values) run in-process through runRhenium (many, fast) and as real
 * processes (a bounded sample, with a timeout).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axisAlignedAffine, syntheticVolume } from '@rhenium-perf/fixtures';
import { encodeNifti1 } from '@rhenium-perf/io-parsing';
import { COMMAND_SPECS } from '../src/command-specs';
import { writeComplexNifti } from '../src/complex-nifti';
import { runRhenium } from '../src/main';
import { runCli } from './run-cli';

/** mulberry32: a small seeded generator, so a failure is reproducible from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE = [
  '', ' ', '0', '1', '2', '-1', '-0', '3', '8', '10', '1.5', '1e3', '1e12', '1e308', '-1e308', 'NaN', 'Infinity', '-Infinity',
  '0x10', '007', '9007199254740991', '9007199254740993', '99999999999999999999999', '1000', '1001', '4096', '4097', '40000',
  '0:180:8', '0:180:0', '0:180:-8', '0:180:1000000000', '0:180:9007199254740991', '-1e308:1e308:8', '180:0:8', '0:0:8', 'a:b:c',
  '::', '0:180', '0:180:8:1', 'fbp', 'sart', 'zf', 'cgsense', 'fista', 'ramp', 'hann', 'MRI', 'CT', 'PET', '--', '-', '-x',
  '%s%n', "'; rm -rf /", '$(id)', '`id`', 'é💥', '\u0000', 'a'.repeat(5000), '../../../../etc/passwd', '/proc/self/mem', '/dev/null',
];

/** Plausible values per option, so that valid command lines are generated too. */
const SANE: Readonly<Record<string, readonly string[]>> = {
  method: ['fbp', 'sart', 'zf', 'cgsense', 'fista'],
  filter: ['ramp', 'hann', 'cosine'],
  iterations: ['1', '3', '1000'],
  size: ['2', '16', '64'],
  lambda: ['0.01', '0', '1e-6'],
  modality: ['CT', 'MRI', 'US', 'XR'],
};

let dir: string;
const inputs: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rhenium-prop-'));
  const affine = axisAlignedAffine([1, 1, 1]);
  inputs.volume = join(dir, 'vol.nii');
  writeFileSync(inputs.volume, encodeNifti1(syntheticVolume('CT', 'tiny').image));
  inputs.sino = join(dir, 'sino.nii');
  writeFileSync(inputs.sino, encodeNifti1({ data: Float32Array.from({ length: 8 * 16 }, (_, i) => (i % 16) / 16), shape: [1, 8, 16], spacingMm: [1, 1, 1], affine, modality: null }));
  inputs.kspace = join(dir, 'k.nii');
  await writeComplexNifti(inputs.kspace, { data: Float32Array.from({ length: 2 * 16 * 16 }, (_, i) => Math.cos(i)), shape: [1, 16, 16], frames: 1, affine });
  inputs.garbage = join(dir, 'garbage.nii');
  writeFileSync(inputs.garbage, 'not a NIfTI file '.repeat(40));
  inputs.folder = join(dir, 'folder');
  mkdirSync(inputs.folder);
  mkdirSync(join(dir, 'out'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One random command line (without `rhenium`). */
function commandLine(next: () => number, n: number): string[] {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const command = pick(['info', 'recon-ct', 'recon-ct', 'recon-mri', 'recon-mri', 'segment', 'bogus', '--version', '--help']);
  const spec = COMMAND_SPECS[command];
  if (!spec) return next() < 0.5 ? [command] : [command, pick(HOSTILE)];
  const natural = command === 'recon-ct' ? inputs.sino : command === 'recon-mri' ? inputs.kspace : inputs.volume;
  const args: string[] = [next() < 0.6 ? natural! : pick([inputs.garbage!, inputs.folder!, join(dir, 'missing.nii'), ...HOSTILE])];
  const good = join(dir, 'out', `o${n}.nii${next() < 0.5 ? '.gz' : ''}`);
  const output = next() < 0.6 ? good : pick([join(dir, 'no', 'such', 'o.nii'), '/proc/x/y.nii', natural!, dir, `${dir}/o.txt`]);
  if (command !== 'info' && next() < 0.9) args.push(pick(['-o', '--output']), output);
  if (command === 'recon-ct' && next() < 0.8) args.push('--angles', next() < 0.7 ? '0:180:8' : pick(HOSTILE));
  const names = spec.options.map((o) => o.name).filter((o) => o !== 'help' && o !== 'output');
  for (let k = Math.floor(next() * 3); k > 0; k--) {
    const name = next() < 0.9 ? pick(names) : pick(['iter', 'sizes', 'x', '']);
    const opt = spec.options.find((o) => o.name === name);
    const value = next() < 0.5 && SANE[name] ? pick(SANE[name]!) : pick(HOSTILE);
    if (opt && !opt.value) args.push(`--${name}`);
    else if (next() < 0.3) args.push(`--${name}=${value}`);
    else args.push(`--${name}`, value);
  }
  return [command, ...args];
}

/** exit 0, or exit 2 with one error line; never 1, never a stack. */
function expectContract(args: readonly string[], code: number, stderr: string): void {
  const what = JSON.stringify(args.map((a) => (a.length > 40 ? a.slice(0, 40) + '…' : a)));
  expect([0, 2], `${what} exited ${code}: ${stderr}`).toContain(code);
  expect(stderr, what).not.toMatch(/unexpected failure|\n\s+at .+:\d+:\d+|RangeError|TypeError/);
  if (code === 2) {
    const lines = stderr.split('\n').filter((l) => l !== '');
    expect(lines, `${what}: ${stderr}`).toHaveLength(1);
    expect(lines[0], what).toMatch(/^rhenium: error: .+; .+/);
  }
}

describe('property: random option values give exit 0 or exit 2 with one line', () => {
  it('400 seeded command lines in-process (runRhenium)', async () => {
    const next = rng(20240518);
    const exits = { 0: 0, 2: 0 } as Record<number, number>;
    for (let n = 0; n < 400; n++) {
      const args = commandLine(next, n);
      let stdout = '';
      let stderr = '';
      const code = await runRhenium(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
      expectContract(args, code, stderr);
      if (code === 2) expect(stdout).toBe('');
      exits[code] = (exits[code] ?? 0) + 1;
    }
    // Both outcomes occur: the generator reaches valid command lines, not only errors.
    expect(exits[0]).toBeGreaterThan(50);
    expect(exits[2]).toBeGreaterThan(100);
  });

  it('16 seeded command lines as real processes, each within 60 s', async () => {
    const next = rng(7);
    for (let n = 0; n < 16; n++) {
      const args = commandLine(next, 1000 + n).filter((a) => !a.includes('\u0000')); // argv cannot hold NUL
      const r = await runCli(args, {}, 60_000);
      expect(r.timedOut, JSON.stringify(args)).toBe(false);
      expectContract(args, r.exitCode, r.stderr);
    }
  });
});
