/**
 * One python3 + numpy child per bench process, kept from `skipIf` to `teardown`: the
 * reference case asks it for numpy's version and routes (skipIf), for timings in setup and
 * again in verify, so python starts and imports numpy once per process instead of three
 * times. It speaks bench/reference/numpy_ifft2.py's `--serve` protocol: one JSON request per
 * stdin line, one JSON reply per stdout line. While idle (during the timed region) it blocks
 * reading stdin and uses no CPU. Closing stdin ends it; so does this process's exit.
 * (Not a bench module: the runner only loads `*.bench.ts`.)
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** A running `numpy_ifft2.py --serve`. */
export class NumpyServer {
  private readonly proc: ChildProcessWithoutNullStreams;
  private buffered = '';
  private readonly waiting: { resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  private ended: Error | null = null;
  private stderr = '';

  constructor(python: string, script: string) {
    this.proc = spawn(python, [script, '--serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stderr.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk: string) => {
      this.buffered += chunk;
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        this.waiting.shift()?.resolve(line);
      }
    });
    this.proc.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-2000);
    });
    const fail = (err: Error): void => {
      this.ended ??= err;
      for (const w of this.waiting.splice(0)) w.reject(this.ended);
    };
    this.proc.on('error', (err) => fail(new Error(`${python} could not start: ${err.message}`)));
    // 'close' (not 'exit'): stderr is complete by then, so its last line can say why.
    this.proc.on('close', (code, signal) => fail(new Error(`${python} ${script} --serve ended (exit ${String(code)}${signal ? `, ${signal}` : ''}): ${this.stderr.trim().split('\n').at(-1) ?? ''}`)));
    // Writing to a child that has died (EPIPE) must not crash this process; its 'close' fails the request.
    this.proc.stdin.on('error', () => undefined);
  }

  /** Send one request and parse its reply; rejects when the child failed or answered an error. */
  async request<T>(req: Record<string, unknown>): Promise<T> {
    if (this.ended) throw this.ended;
    const line = await new Promise<string>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.proc.stdin.write(`${JSON.stringify(req)}\n`);
    });
    const reply = JSON.parse(line) as T & { error?: string };
    if (typeof reply.error === 'string') throw new Error(`numpy reference: ${reply.error}`);
    return reply;
  }

  /** Close stdin (the child exits); idempotent. */
  close(): void {
    if (!this.proc.stdin.destroyed) this.proc.stdin.end();
  }
}
