/**
 * A controlled, fractional slowdown for checking the regression gate:
 *
 *   RHENIUM_PERF_SLOWDOWN="<id regex>=<factor>"     e.g. "recon_ct_.*=1.15"
 *
 * makes every timed sample of a matching case take `factor` times as long, by doing real
 * CPU work after the measured calls for (factor - 1) times their own measured duration
 * (not a sleep, not a whole extra call), inside the timed region. Under `rhenium-perf ab`
 * it acts on the head side only.
 *
 * NOTE: the extra work is a calibrated integer loop, so it slows down with the machine's
 * load like the case's own work does; a busy-wait on the clock would not.
 */

/** Environment variable of the slowdown knob. */
export const SLOWDOWN_ENV = 'RHENIUM_PERF_SLOWDOWN';

/** Largest accepted factor (a 10x slowdown is already obvious). */
export const MAX_SLOWDOWN_FACTOR = 10;

/**
 * The slowdown factor for case `id` (1 when the knob is unset or does not match).
 * Throws a RangeError naming the problem when the knob is malformed, so a mistyped
 * experiment cannot pass silently as "no change".
 */
export function slowdownFactor(id: string, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[SLOWDOWN_ENV];
  if (!raw) return 1;
  const eq = raw.lastIndexOf('=');
  const k = eq > 0 ? Number(raw.slice(eq + 1)) : NaN;
  if (!(k >= 1 && k <= MAX_SLOWDOWN_FACTOR)) {
    throw new RangeError(`${SLOWDOWN_ENV}="${raw}" must be "<id regex>=<factor>" with 1 <= factor <= ${MAX_SLOWDOWN_FACTOR}, e.g. "recon_ct_.*=1.15"`);
  }
  let re: RegExp;
  try {
    re = new RegExp(raw.slice(0, eq));
  } catch {
    throw new RangeError(`${SLOWDOWN_ENV}: "${raw.slice(0, eq)}" is not a valid regular expression`);
  }
  return re.test(id) ? k : 1;
}

let sink = 0;
let nsPerUnit = 0;

/** One unit of work: 1,000 steps of a xorshift generator (kept alive through `sink`). */
function workUnits(units: number): void {
  let x = (sink | 1) >>> 0;
  for (let u = 0; u < units; u++) {
    for (let i = 0; i < 1000; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
    }
  }
  sink = x;
}

/** Nanoseconds of one work unit on this process, measured once (median of 7 trials). */
function calibrate(): number {
  if (nsPerUnit > 0) return nsPerUnit;
  workUnits(200); // let the JIT compile the loop first
  const trials: number[] = [];
  for (let t = 0; t < 7; t++) {
    const t0 = process.hrtime.bigint();
    workUnits(100);
    trials.push(Number(process.hrtime.bigint() - t0) / 100);
  }
  trials.sort((a, b) => a - b);
  nsPerUnit = Math.max(1, trials[3]!);
  return nsPerUnit;
}

/** Prepare the work loop (call outside any timed region). */
export function prepareSlowdown(): void {
  calibrate();
}

/** Do real work for about `ms` milliseconds at this process's calibrated speed. */
export function extraWork(ms: number): void {
  if (!(ms > 0)) return;
  workUnits(Math.round((ms * 1e6) / calibrate()));
}
