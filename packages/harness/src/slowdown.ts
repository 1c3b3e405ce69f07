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
 * NOTE: the extra work is an integer loop run in small chunks until the clock reaches its
 * target, so it delivers the asked time. An earlier version ran a number of loop units
 * calibrated once per process; the JIT's later tiers made the units up to 30% faster (or, in
 * a process calibrated in a fast state, 60% slower), so a knob of 1.15 delivered x1.08–x1.18
 * (median x1.12) in `ab` runs. Under load the extra time stays what was asked while the case's
 * own work stretches, so the delivered ratio is then slightly below the factor, never above.
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

/** Compile the loop before the first timed sample (its first calls run in the interpreter). */
export function prepareSlowdown(): void {
  for (let i = 0; i < 50; i++) workUnits(20);
}

/** Do real CPU work for `ms` milliseconds of wall time, in chunks of about a microsecond. */
export function extraWork(ms: number): void {
  if (!(ms > 0)) return;
  const end = process.hrtime.bigint() + BigInt(Math.round(ms * 1e6));
  do workUnits(1);
  while (process.hrtime.bigint() < end);
}
