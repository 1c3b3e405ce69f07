/**
 * Inputs shared by the case processes of one bench run (the harness's `runFixture`: made by
 * the first process that asks, read by the later ones; outside a runner simply made):
 *
 * - the fixtures' synthetic CT (int16 HU) of a shape and seed: ~1.5–3 s to make at
 *   32–64 x 256 x 256, every codec and PACS case checks its output against it;
 * - an encoded series (its DICOM files, packed): up to seconds per series for the JPEG 2000
 *   encoders.
 *
 * NOTE: only inputs are shared. Every process still decodes the files itself, in its timed
 * region, and checks the result against the phantom (shared bytes of a deterministic
 * function: the same values every process would make). A key names everything its bytes
 * depend on; the run's fixture folder is private and removed at the end of the run, so a
 * fixture never outlives the code that made it.
 */
import { DEFAULT_VOLUME_SEED, syntheticVolume } from '@rhenium-perf/fixtures';
import { runFixture } from '@rhenium-perf/harness';
import { packFiles, phantomGeometry, phantomSeries, unpackFiles, type PhantomSeries, type PhantomSeriesSpec } from '../src/index';

/** The synthetic CT's HU of `shape` and `seed`, slice after slice. */
export async function sharedCtPhantom(shape: readonly [number, number, number], seed: number = DEFAULT_VOLUME_SEED): Promise<Int16Array> {
  const [nz, ny, nx] = shape;
  const bytes = await runFixture(`io-parsing:synthetic-ct:${nz}x${ny}x${nx}:seed=${seed}`, () => {
    const d = syntheticVolume('CT', [nz, ny, nx], seed).image.data as Int16Array;
    return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  });
  if (bytes.byteLength !== nz * ny * nx * 2) throw new RangeError(`shared CT phantom ${nz}x${ny}x${nx}: ${bytes.byteLength} bytes`);
  // runFixture's bytes are 8-byte aligned (a fresh copy, or the array just made).
  return new Int16Array(bytes.buffer, bytes.byteOffset, nz * ny * nx);
}

/**
 * Files made once per run by `make` and shared: `key` must name everything they depend on
 * (syntax, encoder options, bit depth, shape, seed, UIDs).
 */
export async function sharedFiles(key: string, make: () => Promise<Uint8Array[]>): Promise<Uint8Array[]> {
  return unpackFiles(await runFixture(key, async () => packFiles(await make())));
}

/** `phantomSeries(spec)`, its phantom and its files shared within the run. */
export async function sharedPhantomSeries(spec: PhantomSeriesSpec): Promise<PhantomSeries> {
  const seed = spec.seed ?? DEFAULT_VOLUME_SEED;
  const pixels = await sharedCtPhantom(spec.shape, seed);
  // Every field of the spec, defaults included, in a fixed order.
  const key = [
    'io-parsing:phantom-series',
    spec.shape.join('x'),
    `seed=${seed}`,
    `study=${spec.studyInstanceUid}`,
    `series=${spec.seriesInstanceUid}`,
    `ts=${spec.transferSyntaxUid ?? 'default'}`,
    `near=${spec.nearLossless ?? '-'}`,
    `q=${spec.quantizationStep ?? '-'}`,
    `step=${spec.sliceStepMm ?? 'default'}`,
  ].join(':');
  let made: PhantomSeries | null = null;
  const files = await sharedFiles(key, async () => {
    made = await phantomSeries({ ...spec, seed }, pixels);
    return made.files;
  });
  if (made) return made;
  return { files, pixels, shape: [...spec.shape], ...phantomGeometry(spec) };
}
