/**
 * Inputs shared by the benchmark cases: the phantom, its coil maps, masks and k-space.
 * Built in `setup` (outside the timed region), never at module top level; in a package run
 * they are made once by the first process that asks and read by the later ones
 * (`runFixture`, keys naming every parameter), as is the analytic k-space the checks use.
 */
import { cartesianMask, coilSensitivityMaps, sheppLogan2d, type CoilMaps } from '@rhenium-perf/fixtures';
import { runFixture } from '@rhenium-perf/harness';
import { simulateKspace } from '../src/index';

/** Fully sampled centre lines of the undersampled cases (about 9% of 256). */
export const CENTER_LINES = 24;
/** Noise sd per real / imaginary k-space sample of the undersampled cases (phantom peak 1). */
export const NOISE_SD = 0.002;
/** Seed of that noise. */
export const NOISE_SEED = 1;

/** An acquisition of the modified Shepp–Logan phantom. */
export interface Acquisition {
  readonly n: number;
  readonly coils: number;
  readonly phantom: Float64Array;
  readonly maps: CoilMaps;
  readonly mask: Uint8Array;
  /** Complex [coils, n, n]. */
  readonly kspace: Float64Array;
}

/**
 * The phantom's k-space, n x n, `coils` coils; R = 1 means fully sampled and noiseless,
 * R > 1 an equispaced mask with a fully sampled centre and seeded noise.
 */
export function acquire(n: number, coils: number, acceleration = 1): Acquisition {
  const phantom = sheppLogan2d(n);
  const maps = coilSensitivityMaps(coils, n, n);
  const full = acceleration === 1;
  const mask = full ? new Uint8Array(n).fill(1) : cartesianMask(n, { acceleration, centerLines: CENTER_LINES });
  const kspace = simulateKspace(phantom, maps, mask, full ? {} : { noiseSd: NOISE_SD, seed: NOISE_SEED });
  return { n, coils, phantom, maps, mask, kspace };
}

/** Float64 arrays made once per run (`make` returns them all) and read by the run's later processes. */
export async function sharedFloat64(key: string, count: number, make: () => Float64Array[]): Promise<Float64Array[]> {
  let made: Float64Array[] | null = null;
  const get = (): Float64Array[] => {
    made ??= make();
    if (made.length !== count) throw new Error(`${key}: made ${made.length} arrays, expected ${count}`);
    return made;
  };
  const out: Float64Array[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = await runFixture(`reconstruction-mri/${key} [${i} of ${count}]`, () => {
      const a = get()[i]!;
      return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    });
    out.push(made ? made[i]! : new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8));
  }
  return out;
}

/** What names `acquire(n, coils, acceleration)` in the run's fixtures (and the references derived from it). */
export function acquisitionKey(n: number, coils: number, acceleration = 1): string {
  return `acquire n ${n} coils ${coils} R ${acceleration} (center ${CENTER_LINES}, noise ${NOISE_SD} seed ${NOISE_SEED})`;
}

/** `acquire(n, coils, acceleration)` made once per run (the mask is recomputed: it is tiny). */
export async function sharedAcquire(n: number, coils: number, acceleration = 1): Promise<Acquisition> {
  let made: Acquisition | null = null;
  const key = acquisitionKey(n, coils, acceleration);
  const [phantom, maps, kspace] = await sharedFloat64(key, 3, () => {
    made = acquire(n, coils, acceleration);
    return [made.phantom, made.maps.data, made.kspace];
  });
  if (made) return made;
  const full = acceleration === 1;
  const mask = full ? new Uint8Array(n).fill(1) : cartesianMask(n, { acceleration, centerLines: CENTER_LINES });
  return { n, coils, phantom: phantom!, maps: { data: maps!, coils, ny: n, nx: n }, mask, kspace: kspace! };
}

/** One float64 reference array made once per run (a thin `sharedFloat64`). */
export async function sharedReference(key: string, make: () => Float64Array): Promise<Float64Array> {
  const [a] = await sharedFloat64(`reference ${key}`, 1, () => [make()]);
  return a!;
}
