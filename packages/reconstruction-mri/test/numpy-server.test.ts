import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NumpyServer } from '../bench/numpy-server';

// The protocol of bench/numpy-server.ts against a stand-in child (node, not python: the tests never need numpy).
const FAKE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'fake-numpy-server.mjs');

describe('NumpyServer (one reference child per bench process)', () => {
  it('answers several requests in order from one child', async () => {
    const s = new NumpyServer(process.execPath, FAKE);
    const [info, t] = await Promise.all([
      s.request<{ numpy: string; routes: string[] }>({ op: 'info' }),
      s.request<{ n: number; best_route: string; median_ms: number }>({ op: 'time', n: 256, routes: ['b'] }),
    ]);
    expect(info).toEqual({ numpy: '0.0-fake', routes: ['a', 'b'] });
    expect(t).toMatchObject({ n: 256, best_route: 'b', median_ms: 1.5 });
    expect((await s.request<{ n: number }>({ op: 'time', n: 320, routes: null })).n).toBe(320);
    s.close();
  });

  it('rejects an error reply and goes on', async () => {
    const s = new NumpyServer(process.execPath, FAKE);
    await expect(s.request({ op: 'bogus' })).rejects.toThrow("numpy reference: ValueError: unknown op 'bogus'");
    expect((await s.request<{ routes: string[] }>({ op: 'info' })).routes).toEqual(['a', 'b']);
    s.close();
  });

  it('rejects pending and later requests when the child ends, with its last stderr line', async () => {
    const s = new NumpyServer(process.execPath, FAKE);
    await expect(s.request({ op: 'exit' })).rejects.toThrow(/ended \(exit 3\): fake server: asked to exit/);
    await expect(s.request({ op: 'info' })).rejects.toThrow(/ended \(exit 3\)/);
  });

  it('rejects when the interpreter cannot start', async () => {
    const s = new NumpyServer('/nonexistent/python3', FAKE);
    await expect(s.request({ op: 'info' })).rejects.toThrow(/could not start/);
  });
});
