/**
 * The server process's life, in-process: events on stdout, drain on a signal, exit codes.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { httpRequest } from './http-client';
import { serve } from './serve';
import type { SegmentEngine } from './types';

const engine: SegmentEngine = {
  name: 'noop',
  load: async () => ({ name: 'noop', sha256: null, device: 'cpu', threads: null }),
  segment: async (v) => ({ labelMap: v, dossier: {}, stagesMs: {} }),
};

function sink(): { write(s: string): void; text: string } {
  const s = { text: '', write: (c: string) => void (s.text += c) };
  return s;
}

describe('serve', () => {
  it('prints listening and ready as JSON lines, drains on SIGTERM and returns 0', async () => {
    const out = sink();
    const err = sink();
    const signals = new EventEmitter();
    let url = '';
    const done = serve(['--port', '0'], { stdout: out, stderr: err, signals, engine, onListening: (_app, u) => (url = u) });
    for (let i = 0; i < 500 && !out.text.includes('"ready"'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await httpRequest(url + '/ready')).status).toBe(200);
    signals.emit('SIGTERM');
    expect(await done).toBe(0);
    const events = out.text.trim().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(events.map((e) => e.event)).toEqual(['listening', 'ready', 'draining', 'closed']);
    expect(events[0]).toMatchObject({ url, pid: process.pid });
    expect(events[3]).toMatchObject({ exitCode: 0 });
    expect(err.text).toBe('');
  });

  it('a usage error is one line on stderr and exit code 2; --help prints the help', async () => {
    const err = sink();
    expect(await serve(['--port', 'x'], { stdout: sink(), stderr: err, engine })).toBe(2);
    expect(err.text).toBe('rhenium-api-server: --port must be an integer in 0..65535, received "x"\n');
    const out = sink();
    expect(await serve(['--help'], { stdout: out, stderr: sink(), engine })).toBe(0);
    expect(out.text).toContain('--max-in-flight');
  });
});
