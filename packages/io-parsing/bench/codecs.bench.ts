/**
 * Decoding compressed DICOM from disk, per transfer syntax: a phantom CT series (the
 * fixtures' seeded synthetic CT, HU) written one file per slice by this package's writer and
 * encoders, read back into a volume by readDicomSeries. Each measured run has two stages:
 * `first_slice` (read and decode the first file alone: the time to first slice, codec
 * already loaded) and `series` (the whole folder into a volume: series MB/s). The volume is
 * checked once against the phantom: exactly for lossless syntaxes, within a stated bound
 * for lossy ones.
 *
 * Stored values per bit depth (as scanners store CT): 16-bit = HU (signed); 12-bit = HU +
 * 1024 clamped to 0..4095, RescaleIntercept -1024; 8-bit = (HU + 1024) / 16 rounded and
 * clamped to 0..255, RescaleSlope 16, RescaleIntercept -1024. MB/s counts the decoded
 * stored pixels (BitsAllocated) and, apart, the file bytes read.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_VOLUME_SEED } from '@rhenium-perf/fixtures';
import { defineBench, expectQuality, median, quality, sweep, throughputFigures, VerifyError, type BenchCase, type BenchContext, type BenchDefinition, type BenchTag } from '@rhenium-perf/harness';
import { EXPLICIT_VR_LITTLE_ENDIAN, encodeDicomImage, encodeFrames, encodeRleFrame, readDicomFile, readDicomSeries, type DicomSeries, type FrameEncodeOptions } from '../src/index';
import { sharedCtPhantom, sharedFiles } from './shared-phantom';

const SERIES_UID = '2.25.1616';

/** One transfer syntax as benchmarked: its bit depth, encoder options and error bound (stored units). */
interface Route {
  readonly uid: string;
  readonly bits: 8 | 12 | 16;
  readonly encode?: Partial<FrameEncodeOptions>;
  /**
   * Untimed warm-up calls per process, where not the harness's default: 1 for JPEG 2000
   * (OpenJPEG, WebAssembly, 1-1.4 s a call): the first call compiles the codec, the second is
   * already as fast as the fourth (docs/perf/io-codecs.md, "Suite time").
   */
  readonly warmup?: number;
  /** Lossless: max abs error 0. Lossy: a max abs error or a PSNR (dB, peak 2^bits - 1) bound. */
  readonly bound: { readonly maxAbs: number } | { readonly psnrDb: number };
}

const ROUTES = {
  explicit_le: { uid: EXPLICIT_VR_LITTLE_ENDIAN, bits: 16, bound: { maxAbs: 0 } },
  rle: { uid: '1.2.840.10008.1.2.5', bits: 16, bound: { maxAbs: 0 } },
  jpeg_baseline_8bit_q90: { uid: '1.2.840.10008.1.2.4.50', bits: 8, encode: { quality: 90 }, bound: { psnrDb: 40 } },
  jpeg_extended_12bit_step4: { uid: '1.2.840.10008.1.2.4.51', bits: 12, encode: { quantizationStep: 4 }, bound: { maxAbs: 8 } },
  jpeg_lossless_p14_sv6: { uid: '1.2.840.10008.1.2.4.57', bits: 16, encode: { predictor: 6 }, bound: { maxAbs: 0 } },
  jpeg_lossless_sv1: { uid: '1.2.840.10008.1.2.4.70', bits: 16, bound: { maxAbs: 0 } },
  jpeg_ls: { uid: '1.2.840.10008.1.2.4.80', bits: 16, bound: { maxAbs: 0 } },
  jpeg_ls_near2: { uid: '1.2.840.10008.1.2.4.81', bits: 16, encode: { nearLossless: 2 }, bound: { maxAbs: 2 } },
  j2k: { uid: '1.2.840.10008.1.2.4.90', bits: 16, bound: { maxAbs: 0 }, warmup: 1 },
  j2k_lossy: { uid: '1.2.840.10008.1.2.4.91', bits: 16, encode: { quantizationStep: 0.001 }, bound: { psnrDb: 60 }, warmup: 1 },
  htj2k: { uid: '1.2.840.10008.1.2.4.201', bits: 16, bound: { maxAbs: 0 } },
  htj2k_rpcl: { uid: '1.2.840.10008.1.2.4.202', bits: 16, bound: { maxAbs: 0 } },
  htj2k_lossy: { uid: '1.2.840.10008.1.2.4.203', bits: 16, encode: { quantizationStep: 0.001 }, bound: { psnrDb: 60 } },
} as const satisfies Record<string, Route>;

type RouteName = keyof typeof ROUTES;

interface SeriesState {
  readonly dir: string;
  readonly first: string;
  readonly fileBytes: number;
  /** Expected volume values (slope * stored + intercept), slice after slice. */
  /** The phantom's stored values; expected volume values = slope * stored + intercept. */
  readonly px: Int16Array | Uint16Array | Uint8Array;
  readonly slope: number;
  readonly intercept: number;
  readonly storedBytes: number;
}

/**
 * The phantom's HU as stored at `bits` bits, with the rescale that gives HU back.
 * NOTE: plain loops, not `TypedArray.from(src, fn)`: V8 runs that through the iterator
 * protocol, ~1 s per 2 M voxels on this machine (most of a process's setup before).
 */
function stored(hu: Int16Array, bits: 8 | 12 | 16): { px: Int16Array | Uint16Array | Uint8Array; slope: number; intercept: number } {
  if (bits === 16) return { px: hu, slope: 1, intercept: 0 };
  if (bits === 12) {
    const px = new Uint16Array(hu.length);
    for (let i = 0; i < hu.length; i++) px[i] = Math.max(0, Math.min(4095, hu[i]! + 1024));
    return { px, slope: 1, intercept: -1024 };
  }
  const px = new Uint8Array(hu.length);
  for (let i = 0; i < hu.length; i++) px[i] = Math.max(0, Math.min(255, Math.round((hu[i]! + 1024) / 16)));
  return { px, slope: 16, intercept: -1024 };
}

/** The series' DICOM files (one per slice) of `px` (stored values) for `route`. */
async function encodeSeries(route: Route, shape: readonly [number, number, number], px: Int16Array | Uint16Array | Uint8Array, slope: number, intercept: number): Promise<Uint8Array[]> {
  const [nz, ny, nx] = shape;
  const n = ny * nx;
  const files: Uint8Array[] = [];
  for (let k = 0; k < nz; k++) {
    const slice = px.subarray(k * n, (k + 1) * n);
    const frames =
      route.uid === EXPLICIT_VR_LITTLE_ENDIAN
        ? null
        : route.uid === '1.2.840.10008.1.2.5'
          ? [encodeRleFrame(new Uint8Array(slice.buffer, slice.byteOffset, slice.byteLength), n, slice.BYTES_PER_ELEMENT)]
          : await encodeFrames(route.uid, slice, { rows: ny, columns: nx, bitsStored: route.bits, ...route.encode });
    files.push(
      encodeDicomImage({
        rows: ny,
        columns: nx,
        pixels: slice,
        bitsStored: route.bits,
        modality: 'CT',
        seriesInstanceUid: SERIES_UID,
        instanceNumber: k + 1,
        imagePositionPatient: [0, 0, 2.5 * k],
        imageOrientationPatient: [1, 0, 0, 0, 1, 0],
        pixelSpacingMm: [0.8, 0.8],
        sliceThicknessMm: 2.5,
        rescaleSlope: slope,
        rescaleIntercept: intercept,
        ...(frames ? { transferSyntaxUid: route.uid, encapsulated: { frames } } : {}),
      }),
    );
  }
  return files;
}

/**
 * The series on disk in a temporary folder. The phantom and the encoded files are made once
 * per run (run fixtures, keyed by everything they depend on) and read by the later
 * processes; the expected values are derived from the phantom in every process.
 */
async function writeSeries(route: Route, shape: readonly [number, number, number]): Promise<SeriesState> {
  const [nz, ny, nx] = shape;
  const hu = await sharedCtPhantom(shape, DEFAULT_VOLUME_SEED);
  const { px, slope, intercept } = stored(hu, route.bits);
  const key = ['io-parsing:codec-series', route.uid, `bits=${route.bits}`, `encode=${JSON.stringify(route.encode ?? {})}`, `${nz}x${ny}x${nx}`, `seed=${DEFAULT_VOLUME_SEED}`, `series=${SERIES_UID}`, `slope=${slope}`, `intercept=${intercept}`].join(':');
  const files = await sharedFiles(key, () => encodeSeries(route, shape, px, slope, intercept));
  const dir = mkdtempSync(join(tmpdir(), 'rperf-codec-bench-'));
  const n = ny * nx;
  let fileBytes = 0;
  try {
    files.forEach((bytes, k) => {
      const file = join(dir, `slice_${String(k + 1).padStart(4, '0')}.dcm`);
      writeFileSync(file, bytes);
      fileBytes += statSync(file).size;
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { dir, first: join(dir, 'slice_0001.dcm'), fileBytes, px, slope, intercept, storedBytes: nz * n * px.BYTES_PER_ELEMENT };
}

function routeCase(name: RouteName, shape: readonly [number, number, number], tags: readonly BenchTag[]): BenchDefinition<SeriesState, DicomSeries> {
  const route: Route = ROUTES[name];
  const [nz, ny, nx] = shape;
  return {
    id: `io_codec_series_ct_${name}_${nz}x${ny}x${nx}`,
    category: 'io_parsing',
    task: 'dicom_series_decode',
    modality: 'CT',
    inputShape: [...shape],
    dtype: route.bits === 8 ? 'uint8' : route.bits === 12 ? 'uint16' : 'int16',
    tags,
    params: { transfer_syntax: route.uid },
    ...(route.warmup !== undefined ? { warmupRunsPerProcess: route.warmup } : {}),
    setup: () => writeSeries(route, shape),
    run: async (s: SeriesState, ctx: BenchContext): Promise<DicomSeries> => {
      await ctx.stage('first_slice', () => readDicomFile(s.first));
      return ctx.stage('series', () => readDicomSeries(s.dir));
    },
    verify: (s: SeriesState, out: DicomSeries, ctx, timing) => {
      const v = out.volume;
      if (v.shape.join('x') !== shape.join('x')) throw new VerifyError(`shape ${v.shape.join('x')}, expected ${shape.join('x')}`);
      // Errors in stored units (the volume is rescaled: divide by the slope).
      let maxAbs = 0;
      let se = 0;
      for (let i = 0; i < s.px.length; i++) {
        const d = Math.abs(v.data[i]! - (s.slope * s.px[i]! + s.intercept)) / s.slope;
        if (d > maxAbs) maxAbs = d;
        se += d * d;
      }
      const peak = 2 ** route.bits - 1;
      const psnrDb = se === 0 ? Infinity : 10 * Math.log10((peak * peak) / (se / s.px.length));
      const seriesMs = timing.stageSamplesMs.series ?? [];
      const firstMs = timing.stageSamplesMs.first_slice ?? [];
      ctx.record('transfer_syntax', route.uid);
      ctx.record('bits_stored', route.bits);
      ctx.record('compression_ratio', Number((s.storedBytes / s.fileBytes).toFixed(2)));
      ctx.record('psnr_db', Number.isFinite(psnrDb) ? Number(psnrDb.toFixed(2)) : 'exact');
      ctx.record('max_abs_error', maxAbs);
      return {
        ...('maxAbs' in route.bound
          ? { max_abs_error: expectQuality('max_abs_error', maxAbs, { max: route.bound.maxAbs, unit: 'stored value' }) }
          : { psnr_db: expectQuality('psnr_db', psnrDb, { min: route.bound.psnrDb, unit: 'dB' }) }),
        time_to_first_slice_ms: quality(firstMs.length ? Number(median(firstMs).toFixed(3)) : NaN, 'ms', false),
        ...throughputFigures(ctx, { ...timing, medianMs: seriesMs.length ? median(seriesMs) : timing.medianMs }, s.storedBytes, v.data.length, s.fileBytes),
      };
    },
    teardown: (s: SeriesState) => rmSync(s.dir, { recursive: true, force: true }),
  };
}

/** Full suite: every transfer syntax on a 32 x 256 x 256 series. */
const full = sweep({ syntax: Object.keys(ROUTES) as RouteName[] }, (p) => routeCase(p.syntax, [32, 256, 256], ['full']));

/** Smoke: JPEG-LS on 8 x 64 x 64. */
const smoke = defineBench({ ...routeCase('jpeg_ls', [8, 64, 64], ['smoke', 'full']), params: { syntax: 'jpeg_ls', transfer_syntax: ROUTES.jpeg_ls.uid } });

const cases: BenchCase[] = [smoke, ...full] as BenchCase[];
export default cases;
