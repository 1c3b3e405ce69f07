/**
 * What the side-by-side reference cases share (numpy's IFFT, scikit-image's iradon):
 *
 * - `JsonLinesChild`: one reference interpreter per bench process, kept from setup to
 *   teardown, speaking one JSON request per stdin line and one JSON reply per stdout line
 *   (so python starts and imports its libraries once per process). A line the child writes
 *   before any request (a greeting) is kept for `next()`. While idle it blocks reading stdin
 *   and uses no CPU; closing stdin ends it, and so does this process's exit.
 * - `perCallMedianMs`: ours timed the way the reference scripts time theirs (warm-up calls,
 *   then single calls timed one by one, the median), for a same-time ratio.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { median } from './stats';

/** A running reference child (see the module comment). */
export class JsonLinesChild {
  private readonly proc: ChildProcessWithoutNullStreams;
  private buffered = '';
  /** Lines that came while nobody waited (a greeting). */
  private readonly lines: string[] = [];
  private readonly waiting: { resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  private ended: Error | null = null;
  private stderr = '';

  /**
   * @param label starts the message of an error the child answers, e.g. "numpy reference"
   * @example const py = new JsonLinesChild('/usr/bin/python3', [script, '--serve'], 'numpy reference');
   */
  constructor(command: string, args: readonly string[], private readonly label: string) {
    this.proc = spawn(command, [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stderr.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk: string) => {
      this.buffered += chunk;
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        const w = this.waiting.shift();
        if (w) w.resolve(line);
        else this.lines.push(line);
      }
    });
    this.proc.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-2000);
    });
    const fail = (err: Error): void => {
      this.ended ??= err;
      for (const w of this.waiting.splice(0)) w.reject(this.ended);
    };
    this.proc.on('error', (err) => fail(new Error(`${command} could not start: ${err.message}`)));
    // 'close' (not 'exit'): stderr is complete by then, so its last line can say why.
    this.proc.on('close', (code, signal) =>
      fail(new Error(`${command} ${args.join(' ')} ended (exit ${String(code)}${signal ? `, ${signal}` : ''}): ${this.stderr.trim().split('\n').at(-1) ?? ''}`)),
    );
    // Writing to a child that has died (EPIPE) must not crash this process; its 'close' fails the request.
    this.proc.stdin.on('error', () => undefined);
  }

  /** The next line the child writes, parsed; rejects when the child failed or the line is an error reply. */
  async next<T>(): Promise<T> {
    const line =
      this.lines.shift() ??
      (await new Promise<string>((resolve, reject) => {
        if (this.ended) return reject(this.ended);
        this.waiting.push({ resolve, reject });
      }));
    const reply = JSON.parse(line) as T & { error?: string };
    if (typeof reply.error === 'string') throw new Error(`${this.label}: ${reply.error}`);
    return reply;
  }

  /** Send one request and parse its reply. */
  async request<T>(req: Record<string, unknown>): Promise<T> {
    if (this.ended) throw this.ended;
    this.proc.stdin.write(`${JSON.stringify(req)}\n`);
    return this.next<T>();
  }

  /** Close stdin (the child exits); idempotent. */
  close(): void {
    if (!this.proc.stdin.destroyed) this.proc.stdin.end();
  }
}

/**
 * `warmup` untimed calls, then `calls` single calls timed one by one: their median (ms).
 * @example perCallMedianMs(() => fbp(sino, plan), { warmup: 1, calls: 9 })
 */
export function perCallMedianMs(run: () => void, opts: { warmup: number; calls: number }): number {
  for (let i = 0; i < opts.warmup; i++) run();
  const t: number[] = [];
  for (let i = 0; i < opts.calls; i++) {
    const t0 = performance.now();
    run();
    t.push(performance.now() - t0);
  }
  return median(t);
}
