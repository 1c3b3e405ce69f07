import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JsonLinesChild, perCallMedianMs } from '../src/reference-child';

// The protocol of a reference child against a stand-in (node, not python: the tests never need numpy).
const FAKE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'fake-reference-server.mjs');
const start = (command = process.execPath, extra: string[] = []): JsonLinesChild => new JsonLinesChild(command, [FAKE, '--serve', ...extra], 'numpy reference');

describe('JsonLinesChild (one reference child per bench process)', () => {
  it('answers several requests in order from one child', async () => {
    const s = start();
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
    const s = start();
    await expect(s.request({ op: 'bogus' })).rejects.toThrow("numpy reference: ValueError: unknown op 'bogus'");
    expect((await s.request<{ routes: string[] }>({ op: 'info' })).routes).toEqual(['a', 'b']);
    s.close();
  });

  it('rejects pending and later requests when the child ends, with its last stderr line', async () => {
    const s = start();
    await expect(s.request({ op: 'exit' })).rejects.toThrow(/ended \(exit 3\): fake server: asked to exit/);
    await expect(s.request({ op: 'info' })).rejects.toThrow(/ended \(exit 3\)/);
  });

  it('rejects when the interpreter cannot start', async () => {
    const s = start('/nonexistent/python3');
    await expect(s.request({ op: 'info' })).rejects.toThrow(/could not start/);
  });

  it('keeps a greeting the child writes before any request for next()', async () => {
    const s = start(process.execPath, ['--hello']);
    expect(await s.next<{ hello: string }>()).toEqual({ hello: 'fake' });
    expect((await s.request<{ routes: string[] }>({ op: 'info' })).routes).toEqual(['a', 'b']);
    s.close();
  });
});

describe('perCallMedianMs', () => {
  it('makes the warm-up calls untimed, then times each call alone and returns the median', () => {
    let calls = 0;
    // Calls 1-2 (warm-up) busy 30 ms, then 5 timed calls of ~0, ~0, 20, 20, 20 ms: the median is a 20 ms call.
    const ms = perCallMedianMs(() => {
      calls++;
      const busy = calls <= 2 ? 30 : calls <= 4 ? 0 : 20;
      const end = performance.now() + busy;
      while (performance.now() < end);
    }, { warmup: 2, calls: 5 });
    expect(calls).toBe(7);
    expect(ms).toBeGreaterThanOrEqual(20);
  });
});
