import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MACHINE_CACHE_ENV, RUN_FIXTURES_ENV, machineCached, machineFingerprint, runFixture, runFixtureJson, temporaryRunFixtures } from './shared';

let dir: string;
const saved = { run: process.env[RUN_FIXTURES_ENV], machine: process.env[MACHINE_CACHE_ENV] };
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-shared-'));
});
afterEach(() => {
  for (const [k, v] of [[RUN_FIXTURES_ENV, saved.run], [MACHINE_CACHE_ENV, saved.machine]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('runFixture', () => {
  it('makes the bytes once per run folder and reads them back aligned for a typed-array view', async () => {
    process.env[RUN_FIXTURES_ENV] = dir;
    let made = 0;
    const make = (): Uint8Array => (made++, new Uint8Array(new Float64Array([0.5, -2, 1e300]).buffer));
    await runFixture('k', make);
    const again = await runFixture('k', make);
    expect(made).toBe(1);
    expect(again.byteOffset % 8).toBe(0);
    expect([...new Float64Array(again.buffer, again.byteOffset, 3)]).toEqual([0.5, -2, 1e300]);
    // Another key is another fixture.
    await runFixture('k2', make);
    expect(made).toBe(2);
  });

  it('outside a run (no folder, or a folder others can write) it simply makes the bytes', async () => {
    delete process.env[RUN_FIXTURES_ENV];
    let made = 0;
    const make = (): Uint8Array => (made++, new Uint8Array([1, 2]));
    await runFixture('k', make);
    await runFixture('k', make);
    fs.chmodSync(dir, 0o777);
    process.env[RUN_FIXTURES_ENV] = dir;
    await runFixture('k', make);
    await runFixture('k', make);
    expect(made).toBe(4);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('runFixtureJson round-trips a value', async () => {
    process.env[RUN_FIXTURES_ENV] = dir;
    expect(await runFixtureJson('j', () => ({ a: [1, 2], b: 'x' }))).toEqual({ a: [1, 2], b: 'x' });
    expect(await runFixtureJson('j', () => ({ a: [], b: 'not made' }))).toEqual({ a: [1, 2], b: 'x' });
  });
});

describe('temporaryRunFixtures', () => {
  it('points the run fixtures at a new private folder, and restore() puts the variable back and removes it', async () => {
    for (const before of [undefined, '/some/run/folder']) {
      if (before === undefined) delete process.env[RUN_FIXTURES_ENV];
      else process.env[RUN_FIXTURES_ENV] = before;
      const fx = temporaryRunFixtures();
      expect(process.env[RUN_FIXTURES_ENV]).toBe(fx.dir);
      expect(fs.statSync(fx.dir).mode & 0o077).toBe(0);
      let made = 0;
      await runFixture('k', () => (made++, new Uint8Array([7])));
      await runFixture('k', () => (made++, new Uint8Array([7])));
      expect(made).toBe(1);
      expect(fs.readdirSync(fx.dir)).toHaveLength(1);
      fx.restore();
      expect(process.env[RUN_FIXTURES_ENV]).toBe(before);
      expect(fs.existsSync(fx.dir)).toBe(false);
    }
  });
});

describe('machineCached', () => {
  it('keeps a value between calls on this machine, says whether it was cached, and keys by the caller key', async () => {
    process.env[MACHINE_CACHE_ENV] = path.join(dir, 'cache');
    let made = 0;
    const first = await machineCached('skimage 0.25 iradon 256x180', () => (made++, { filter: 'ramp', interpolation: 'linear' }));
    const second = await machineCached('skimage 0.25 iradon 256x180', () => (made++, { filter: 'other', interpolation: 'other' }));
    expect(first).toEqual({ value: { filter: 'ramp', interpolation: 'linear' }, cached: false });
    expect(second).toEqual({ value: { filter: 'ramp', interpolation: 'linear' }, cached: true });
    expect((await machineCached('skimage 0.26 iradon 256x180', () => (made++, 1))).cached).toBe(false);
    expect(made).toBe(2);
    // The stored file names the machine it was made on.
    const files = fs.readdirSync(path.join(dir, 'cache'));
    expect(files).toHaveLength(2);
    const stored = JSON.parse(fs.readFileSync(path.join(dir, 'cache', files[0]!), 'utf8')) as { key: string };
    expect(stored.key.endsWith(machineFingerprint())).toBe(true);
  });

  it('off means made every time, and a stored file whose key differs (another machine) is not used', async () => {
    process.env[MACHINE_CACHE_ENV] = 'off';
    let made = 0;
    await machineCached('k', () => made++);
    await machineCached('k', () => made++);
    expect(made).toBe(2);
    process.env[MACHINE_CACHE_ENV] = path.join(dir, 'c2');
    await machineCached('k', () => 'here');
    const [file] = fs.readdirSync(path.join(dir, 'c2'));
    const p = path.join(dir, 'c2', file!);
    const stored = JSON.parse(fs.readFileSync(p, 'utf8')) as { key: string; value: unknown };
    fs.writeFileSync(p, JSON.stringify({ ...stored, key: 'k\nanother cpu|2|v20', value: 'elsewhere' }));
    expect(await machineCached('k', () => 'here again')).toEqual({ value: 'here again', cached: false });
  });
});
