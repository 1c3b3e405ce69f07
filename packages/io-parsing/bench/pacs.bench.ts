/**
 * A series from a PACS against the same files from disk: a local Orthanc (Debian `orthanc` +
 * `orthanc-dicomweb`, started in setup on free loopback ports, stopped in teardown) holds a
 * phantom CT series (the fixtures' synthetic CT, int16 HU, written by this package's DICOM
 * writer and encoders, stored by STOW-RS); the same files are written to a temporary folder.
 *
 * One run reads the folder (`readDicomSeries`), then fetches the series from the PACS and
 * decodes it into a volume: by WADO-RS (multipart/related, each slice decoded as its part
 * arrives; the transfer syntax as stored, or one Orthanc transcodes to), or by DIMSE C-GET
 * (dcmjs-dimse). NOTE: both in one run, as in api-readiness's segment bench, so each pair
 * sees the same machine state; the run's sample is their sum, and the stages split it:
 * `disk_read`, `pacs_first_slice` (request sent -> first slice decoded: the time to first
 * slice), `pacs_rest` (the other slices and the assembly), or `cget`. The figures are
 * medians of the stage samples: MB/s of the decoded volume from disk and from the PACS,
 * their ratio, and the time to first slice.
 *
 * Checked once: the volume from the PACS equals the volume from disk bit for bit (the same
 * files through the same decoders), and both equal the phantom (lossless) or are within the
 * stated error (JPEG-LS NEAR, a PSNR bound for lossy JPEG 2000 / HTJ2K).
 *
 * JPEG baseline/extended (.50/.51) are not here: the phantom is 16-bit CT and they code 8
 * (12) bits. Orthanc 1.10 transcodes only to .1.2, .1.2.1, .57, .70 and .80 (DCMTK's
 * encoders; RLE, .81, JPEG 2000 and HTJ2K fail with HTTP 500/400): the others are stored in
 * their syntax and fetched as stored.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineBench, expectQuality, median, quality, VerifyError, type BenchCase, type BenchContext, type BenchTiming, type QualityFigures } from '@rhenium-perf/harness';
import type { Volume } from '@rhenium-perf/fixtures';
import {
  assembleDicomSeries,
  assertWholeSeries,
  cGetSeries,
  fetchSeriesImages,
  maxAbsDifference,
  orthancUnavailable,
  readDicomSeries,
  startOrthanc,
  storeInstances,
  type DicomImage,
  type DicomSeries,
  type DicomWebSeriesAddress,
  type LocalOrthanc,
  type PhantomSeries,
} from '../src/index';
import { sharedPhantomSeries } from './shared-phantom';

const STUDY = '2.25.271828182845904523536028747135266249775';

/** How a case gets its series from the PACS. */
type Route = { kind: 'wado'; stored: string; ask: string } | { kind: 'cget'; stored: string };

interface Encoding {
  /** Part of the case id. */
  readonly name: string;
  readonly uid: string;
  readonly nearLossless?: number;
  readonly quantizationStep?: number;
  /** Largest error allowed against the phantom: 0 lossless, NEAR, or a PSNR floor (dB). */
  readonly bound: { maxAbs: number } | { minPsnrDb: number };
}

const ENCODINGS: Readonly<Record<string, Encoding>> = {
  explicit_le: { name: 'explicit_le', uid: '1.2.840.10008.1.2.1', bound: { maxAbs: 0 } },
  implicit_le: { name: 'implicit_le', uid: '1.2.840.10008.1.2', bound: { maxAbs: 0 } },
  rle: { name: 'rle', uid: '1.2.840.10008.1.2.5', bound: { maxAbs: 0 } },
  jpeg_lossless: { name: 'jpeg_lossless', uid: '1.2.840.10008.1.2.4.57', bound: { maxAbs: 0 } },
  jpeg_lossless_sv1: { name: 'jpeg_lossless_sv1', uid: '1.2.840.10008.1.2.4.70', bound: { maxAbs: 0 } },
  jpegls: { name: 'jpegls', uid: '1.2.840.10008.1.2.4.80', bound: { maxAbs: 0 } },
  jpegls_near2: { name: 'jpegls_near2', uid: '1.2.840.10008.1.2.4.81', nearLossless: 2, bound: { maxAbs: 2 } },
  j2k: { name: 'j2k', uid: '1.2.840.10008.1.2.4.90', bound: { maxAbs: 0 } },
  j2k_lossy: { name: 'j2k_lossy', uid: '1.2.840.10008.1.2.4.91', quantizationStep: 0.001, bound: { minPsnrDb: 60 } },
  htj2k: { name: 'htj2k', uid: '1.2.840.10008.1.2.4.201', bound: { maxAbs: 0 } },
  htj2k_lossy: { name: 'htj2k_lossy', uid: '1.2.840.10008.1.2.4.203', quantizationStep: 0.001, bound: { minPsnrDb: 60 } },
};

/** Peak signal-to-noise ratio of `a` against `b`, 16-bit peak (65535), dB; Infinity when equal. */
function psnr16(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i]! - b[i]!) ** 2;
  return se === 0 ? Infinity : 20 * Math.log10(65535 / Math.sqrt(se / a.length));
}

interface PacsState {
  pacs: LocalOrthanc;
  dir: string;
  address: DicomWebSeriesAddress;
  phantom: PhantomSeries;
  route: Route;
  /** The decoded volume's bytes (int16: 2 per voxel). */
  volumeBytes: number;
  /** Bytes of the series' files (on disk; as sent by the PACS when stored, not transcoded). */
  fileBytes: number;
}

interface PacsOutput {
  disk: DicomSeries;
  pacs: DicomSeries;
}

/** WADO-RS: the first slice in its own stage, then the others and the assembly. */
async function wadoRead(s: PacsState, ask: string, ctx: BenchContext): Promise<DicomSeries> {
  const it = fetchSeriesImages(s.address, { transferSyntax: ask })[Symbol.asyncIterator]();
  const first = await ctx.stage('pacs_first_slice', () => it.next());
  return ctx.stage('pacs_rest', async () => {
    const images: DicomImage[] = first.done ? [] : [first.value];
    for (let r = await it.next(); !r.done; r = await it.next()) images.push(r.value);
    const series = assembleDicomSeries(images, 'pacs');
    assertWholeSeries(series, 'pacs');
    return series;
  });
}

function checkAgainstPhantom(label: string, v: Volume, phantom: PhantomSeries, bound: Encoding['bound']): number {
  if (v.shape.join('x') !== phantom.shape.join('x')) throw new VerifyError(`${label}: shape ${v.shape.join('x')}, expected ${phantom.shape.join('x')}`);
  if ('maxAbs' in bound) return maxAbsDifference(v.data, phantom.pixels);
  return psnr16(v.data, phantom.pixels);
}

function figures(s: PacsState, out: PacsOutput, ctx: BenchContext, timing: BenchTiming, enc: Encoding): QualityFigures {
  const { disk, pacs } = out;
  const same = maxAbsDifference(disk.volume.data, pacs.volume.data) === 0 && disk.volume.affine.every((x, i) => x === pacs.volume.affine[i]);
  if (!same) throw new VerifyError('the volume from the PACS differs from the volume read from disk (values or affine)');
  const err = checkAgainstPhantom('disk', disk.volume, s.phantom, enc.bound);
  const st = timing.stageSamplesMs;
  const diskMs = median(st.disk_read ?? []);
  const pacsRuns = s.route.kind === 'cget' ? [...(st.cget ?? [])] : (st.pacs_first_slice ?? []).map((f, k) => f + (st.pacs_rest?.[k] ?? 0));
  const pacsMs = median(pacsRuns);
  const mb = s.volumeBytes / 1e6;
  ctx.record('volume_bytes', s.volumeBytes);
  ctx.record('file_bytes', s.fileBytes);
  ctx.record('stored_transfer_syntax', s.route.stored);
  if (s.route.kind === 'wado') ctx.record('asked_transfer_syntax', s.route.ask);
  const figs: QualityFigures = {
    ...('maxAbs' in enc.bound
      ? { max_abs_error: expectQuality('max_abs_error', err, { max: enc.bound.maxAbs, unit: 'HU' }) }
      : { psnr_db: expectQuality('psnr_db', Number(err.toFixed(2)), { min: enc.bound.minPsnrDb, unit: 'dB' }) }),
    pacs_equals_disk: expectQuality('pacs_equals_disk', 1, { min: 1 }),
    disk_mb_per_s: quality(Number((mb / (diskMs / 1e3)).toFixed(2)), 'MB/s', true),
    pacs_mb_per_s: quality(Number((mb / (pacsMs / 1e3)).toFixed(2)), 'MB/s', true),
    pacs_over_disk_time: quality(Number((pacsMs / diskMs).toFixed(3)), 'x', false),
    mb_per_s: quality(Number((mb / (pacsMs / 1e3)).toFixed(2)), 'MB/s', true),
  };
  if (s.route.kind === 'wado') figs.time_to_first_slice_ms = quality(Number(median(st.pacs_first_slice ?? []).toFixed(2)), 'ms', false);
  return figs;
}

function pacsCase(shape: readonly [number, number, number], route: Route, enc: Encoding, tags: readonly string[]): BenchCase {
  const [nz, ny, nx] = shape;
  const how = route.kind === 'cget' ? 'cget' : route.ask === '*' ? 'wado' : 'wado_transcoded';
  return defineBench<PacsState, PacsOutput>({
    id: `io_pacs_${how}_${enc.name}_ct_${nz}x${ny}x${nx}`,
    category: 'io_parsing',
    task: route.kind === 'cget' ? 'pacs_cget_series_read' : 'pacs_wado_series_read',
    modality: 'CT',
    inputShape: [...shape],
    dtype: 'int16',
    // One item = the series read from disk and from the PACS; input voxels counted.
    tags,
    // NOTE: Orthanc starts in setup of each process (~1 s) and the series is stored there;
    // 2 processes x 5 runs keep the 14 full-size cases to a few minutes of the full suite.
    // The small smoke case keeps the harness's counts (1 process in the smoke suite).
    ...(tags.includes('smoke') ? {} : { processes: 2, warmupRunsPerProcess: 2, measuredRunsPerProcess: 5 }),
    skipIf: () => orthancUnavailable(),
    setup: async (): Promise<PacsState> => {
      // Each case has an Orthanc of its own: one series UID serves all.
      const series = `${STUDY}.1`;
      // Orthanc starts (its own process) while this one gets the series: the phantom and its
      // encoded files are made once per run (run fixtures) and shared by the later processes.
      const [started, made] = await Promise.allSettled([
        startOrthanc(),
        sharedPhantomSeries({
          shape,
          studyInstanceUid: STUDY,
          seriesInstanceUid: series,
          transferSyntaxUid: route.stored,
          ...(enc.nearLossless !== undefined && route.stored === enc.uid ? { nearLossless: enc.nearLossless } : {}),
          ...(enc.quantizationStep !== undefined && route.stored === enc.uid ? { quantizationStep: enc.quantizationStep } : {}),
        }),
      ]);
      if (started.status === 'rejected' || made.status === 'rejected') {
        if (started.status === 'fulfilled') await started.value.stop({ discard: true });
        throw started.status === 'rejected' ? started.reason : (made as PromiseRejectedResult).reason;
      }
      const pacs = started.value;
      const phantom = made.value;
      const dir = mkdtempSync(join(tmpdir(), 'rperf-pacs-bench-'));
      try {
        phantom.files.forEach((f, k) => writeFileSync(join(dir, `slice_${String(k + 1).padStart(4, '0')}.dcm`), f));
        await storeInstances(pacs.dicomWebUrl, phantom.files);
      } catch (e) {
        await pacs.stop({ discard: true });
        rmSync(dir, { recursive: true, force: true });
        throw e;
      }
      return {
        pacs,
        dir,
        address: { baseUrl: pacs.dicomWebUrl, studyInstanceUid: STUDY, seriesInstanceUid: series },
        phantom,
        route,
        volumeBytes: nz * ny * nx * 2,
        fileBytes: phantom.files.reduce((a, f) => a + f.length, 0),
      };
    },
    run: async (s: PacsState, ctx): Promise<PacsOutput> => {
      const disk = await ctx.stage('disk_read', () => readDicomSeries(s.dir));
      const pacs =
        s.route.kind === 'cget'
          ? await ctx.stage('cget', () =>
              cGetSeries({ host: '127.0.0.1', port: s.pacs.dicomPort, calledAeTitle: s.pacs.aeTitle, studyInstanceUid: s.address.studyInstanceUid, seriesInstanceUid: s.address.seriesInstanceUid }),
            )
          : await wadoRead(s, s.route.ask, ctx);
      return { disk, pacs };
    },
    verify: (s, out, ctx, timing) => figures(s, out, ctx, timing, enc),
    teardown: async (s: PacsState) => {
      // Its storage is deleted with it: killed at once, not Orthanc's 2-3.5 s graceful stop.
      await s.pacs.stop({ discard: true });
      rmSync(s.dir, { recursive: true, force: true });
    },
  });
}

const FULL: readonly [number, number, number] = [64, 256, 256];
const NATIVE = ENCODINGS.explicit_le!.uid;

const cases: BenchCase[] = [
  // Smoke: one small series, uncompressed, WADO-RS.
  pacsCase([8, 64, 64], { kind: 'wado', stored: NATIVE, ask: '*' }, ENCODINGS.explicit_le!, ['smoke', 'full']),
  // Stored in each transfer syntax the decoders read, fetched as stored.
  ...Object.values(ENCODINGS)
    .filter((e) => e.name !== 'implicit_le')
    .map((e) => pacsCase(FULL, { kind: 'wado', stored: e.uid, ask: '*' }, e, ['full'])),
  // Stored uncompressed, transcoded by Orthanc on the way out.
  ...(['implicit_le', 'jpeg_lossless', 'jpeg_lossless_sv1', 'jpegls'] as const).map((n) => pacsCase(FULL, { kind: 'wado', stored: NATIVE, ask: ENCODINGS[n]!.uid }, ENCODINGS[n]!, ['full'])),
  // DIMSE C-GET of the uncompressed series.
  pacsCase(FULL, { kind: 'cget', stored: NATIVE }, ENCODINGS.explicit_le!, ['full']),
];
export default cases;
