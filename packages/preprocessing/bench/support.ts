/**
 * Inputs and independent references for the preprocessing cases.
 *
 * The references are deliberately the plainest possible loops (a full sort for percentiles,
 * world coordinates and an 8-term weight sum for trilinear), sharing no code with the
 * kernels, so a fast wrong answer fails `verify`.
 *
 * Sharing within a run (`runFixture`): the large inputs and the normalisation references are
 * made once per package run by the first process that asks and read by every later process
 * (the reference's key holds a hash of the very input bytes it was computed from). Every
 * process still checks its own output against the reference.
 */
import { syntheticVolume, voxelToWorld, type Volume, type VolumeArray, type VolumeModality, type VolumeSizeName } from '@rhenium-perf/fixtures';
import { runFixture, runFixtureJson } from '@rhenium-perf/harness';

/** Size names the cases sweep. */
export const BENCH_SIZES = ['small', 'medium', 'large'] as const satisfies readonly VolumeSizeName[];

/** The seeded synthetic image (and labels) of a modality and size. */
export function benchVolume(modality: VolumeModality, size: VolumeSizeName | readonly [number, number, number]): { image: Volume; labels: Volume<Uint8Array> } {
  const { image, labels } = syntheticVolume(modality, size);
  return { image, labels };
}

/** The voxel array type syntheticVolume gives each modality. */
const IMAGE_ARRAYS = { CT: Int16Array, MRI: Float32Array, US: Uint8Array, XR: Uint16Array } as const;

const bytesOf = (x: ArrayBufferView): Uint8Array => new Uint8Array(x.buffer, x.byteOffset, x.byteLength);

/**
 * `benchVolume(modality, size)` made once per run and read by the run's later processes (its
 * geometry as JSON, the image's and the labels' voxels as bytes).
 */
export async function sharedBenchVolume(
  modality: VolumeModality,
  size: VolumeSizeName | readonly [number, number, number],
): Promise<{ image: Volume; labels: Volume<Uint8Array> }> {
  const Ctor = IMAGE_ARRAYS[modality];
  let made: ReturnType<typeof benchVolume> | null = null;
  const make = (): ReturnType<typeof benchVolume> => {
    if (made) return made;
    made = benchVolume(modality, size);
    const data = made.image.data;
    if (!(data instanceof Ctor)) throw new Error(`syntheticVolume(${modality}) gave a ${data.constructor.name}, expected ${Ctor.name}`);
    return made;
  };
  const key = `preprocessing/bench volume ${modality} ${JSON.stringify(size)} (syntheticVolume, default seed)`;
  const geo = await runFixtureJson(`${key} geometry`, () => {
    const { image, labels } = make();
    return { shape: image.shape, spacingMm: image.spacingMm, affine: image.affine, modality: image.modality, labelsModality: labels.modality };
  });
  const image = await runFixture(`${key} image`, () => bytesOf(make().image.data));
  const labels = await runFixture(`${key} labels`, () => bytesOf(make().labels.data));
  if (made) return made;
  const common = { shape: geo.shape, spacingMm: geo.spacingMm, affine: geo.affine };
  return {
    image: { ...common, modality: geo.modality, data: new Ctor(image.buffer as ArrayBuffer, image.byteOffset, image.byteLength / Ctor.BYTES_PER_ELEMENT) },
    labels: { ...common, modality: geo.labelsModality, data: labels },
  };
}

/** The seeded synthetic image's voxels (`benchVolume(modality, size).image.data`), made once per run. */
export async function benchImageData(modality: VolumeModality, size: VolumeSizeName): Promise<VolumeArray> {
  return (await sharedBenchVolume(modality, size)).image.data;
}

/** FNV-1a-style hash (32-bit, over 32-bit words and the tail bytes) of an array's bytes, to tie a shared reference to the exact input it was made from. */
export function bytesHash(x: ArrayBufferView): string {
  const n = x.byteLength;
  const words = (x.byteOffset & 3) === 0 ? new Int32Array(x.buffer, x.byteOffset, n >> 2) : null;
  const b = new Uint8Array(x.buffer, x.byteOffset, n);
  let h = 0x811c9dc5;
  let i = 0;
  if (words) {
    for (let w = 0; w < words.length; w++) h = Math.imul(h ^ words[w]!, 0x01000193);
    i = words.length << 2;
  }
  for (; i < n; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return `${(h >>> 0).toString(16).padStart(8, '0')}:${n}`;
}

/**
 * A float64 reference output made once per run (`make`, the plain reference) and read by
 * the run's later processes. `key` names the computation; the input's byte hash is added,
 * so a reference is only ever compared with output of the same input.
 */
export async function sharedReference(key: string, input: ArrayBufferView, make: () => Float64Array): Promise<Float64Array> {
  const bytes = await runFixture(`preprocessing/reference ${key} of input ${bytesHash(input)}`, () => {
    const ref = make();
    return new Uint8Array(ref.buffer, ref.byteOffset, ref.byteLength);
  });
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}

/** The shape a named size gives for a modality (X-ray is one slice). */
export function shapeOf(modality: VolumeModality, size: VolumeSizeName | readonly [number, number, number]): [number, number, number] {
  const s = typeof size === 'string' ? { small: [16, 32, 32], medium: [32, 64, 64], large: [64, 128, 128], tiny: [8, 16, 16] }[size] : size;
  return modality === 'XR' ? [1, s[1]!, s[2]!] : [s[0]!, s[1]!, s[2]!];
}

/** Largest |a - b| over the elements, counting NaN against NaN as equal and NaN against a number as Infinity. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity;
      continue;
    }
    const d = Math.abs(x - y);
    if (d > m) m = d;
  }
  return m;
}

/** Plain min-max reference. */
export function refMinMax(x: ArrayLike<number>): Float64Array {
  let mn = Infinity;
  let mx = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!)) continue;
    mn = Math.min(mn, x[i]!);
    mx = Math.max(mx, x[i]!);
  }
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = mx > mn ? (x[i]! - mn) / (mx - mn) : Number.isNaN(x[i]!) ? NaN : 0;
  return out;
}

/** Plain z-score reference: the clipped non-NaN values' mean, then their variance about it (two passes, float64). */
export function refZScore(x: ArrayLike<number>, lo = -Infinity, hi = Infinity): Float64Array {
  let count = 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!)) continue;
    sum += Math.min(hi, Math.max(lo, x[i]!));
    count++;
  }
  const mean = sum / count;
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!)) continue;
    ss += (Math.min(hi, Math.max(lo, x[i]!)) - mean) ** 2;
  }
  const std = Math.sqrt(ss / count);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = std > 0 ? (Math.min(hi, Math.max(lo, x[i]!)) - mean) / std : 0;
  return out;
}

/**
 * numpy's linear-rule percentiles by a full sort (one sort for all of `ps`): the non-NaN
 * values copied to a Float64Array and sorted by the engine's numeric typed-array sort (no
 * comparator, no boxed numbers; the kernel selects by quickselect instead).
 */
export function refPercentiles(x: ArrayLike<number>, ps: readonly number[]): number[] {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) m++;
  const a = new Float64Array(m);
  m = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) a[m++] = x[i]!;
  a.sort();
  return ps.map((p) => {
    const h = ((a.length - 1) * p) / 100;
    const k = Math.floor(h);
    return k + 1 < a.length ? a[k]! + (h - k) * (a[k + 1]! - a[k]!) : a[k]!;
  });
}

/** numpy's linear-rule percentile by a full sort. */
export function refPercentile(x: ArrayLike<number>, p: number): number {
  return refPercentiles(x, [p])[0]!;
}

/** Window reference: clip to [lo, hi], map to [0, 1]. */
export function refWindow(x: ArrayLike<number>, lo: number, hi: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (Math.min(hi, Math.max(lo, x[i]!)) - lo) / (hi - lo);
  return out;
}

/**
 * Resampling reference for axis-aligned inputs: each output voxel centre is mapped to world
 * coordinates with the output affine and back to continuous input indices with the input's
 * (diagonal) affine; trilinear is the 8-term sum of products of weights, nearest rounds.
 */
export function refResample(input: Volume, outShape: readonly number[], outAffine: readonly number[], interpolation: 'trilinear' | 'nearest'): Float64Array {
  const [nz, ny, nx] = input.shape;
  const a = input.affine;
  const [mz, my, mx] = outShape as [number, number, number];
  const out = new Float64Array(mz * my * mx);
  const clamp = (u: number, n: number) => Math.min(n - 1, Math.max(0, u));
  const at = (i: number, j: number, k: number) => input.data[(k * ny + j) * nx + i]!;
  let p = 0;
  for (let k = 0; k < mz; k++) {
    for (let j = 0; j < my; j++) {
      for (let i = 0; i < mx; i++) {
        const [wx, wy, wz] = voxelToWorld(outAffine, i, j, k);
        const u = clamp((wx - a[3]!) / a[0]!, nx);
        const v = clamp((wy - a[7]!) / a[5]!, ny);
        const w = clamp((wz - a[11]!) / a[10]!, nz);
        if (interpolation === 'nearest') {
          out[p++] = at(Math.floor(u + 0.5 + 1e-9), Math.floor(v + 0.5 + 1e-9), Math.floor(w + 0.5 + 1e-9));
          continue;
        }
        const [i0, j0, k0] = [Math.floor(u), Math.floor(v), Math.floor(w)];
        let s = 0;
        for (let dk = 0; dk <= 1; dk++)
          for (let dj = 0; dj <= 1; dj++)
            for (let di = 0; di <= 1; di++) {
              const weight = (di ? u - i0 : 1 - (u - i0)) * (dj ? v - j0 : 1 - (v - j0)) * (dk ? w - k0 : 1 - (w - k0));
              if (weight !== 0) s += weight * at(Math.min(nx - 1, i0 + di), Math.min(ny - 1, j0 + dj), Math.min(nz - 1, k0 + dk));
            }
        out[p++] = s;
      }
    }
  }
  return out;
}

/** Fraction of output voxels whose label differs from the reference. */
export function mismatchFraction(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let bad = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) bad++;
  return bad / a.length;
}

/** Distinct values of an integer array. */
export function distinct(x: VolumeArray): Set<number> {
  return new Set(x);
}
