/**
 * Iterative multi-coil reconstruction at R = 4 (equispaced, 24 centre lines, 8 coils,
 * seeded noise): CG-SENSE and FISTA with a Haar wavelet prior, per iteration count.
 * Verify: PSNR against the phantom at least 5 dB above zero-filled, and the residual falls.
 */
import { defineBench, expectQuality, quality, sweep } from '@rhenium-perf/harness';
import {
  CgSense,
  DEFAULT_FISTA_LAMBDA,
  FistaWavelet,
  magnitude,
  psnr,
  SenseOperator,
  ZeroFilledRecon,
  type IterativeResult,
} from '../src/index';
import { MAX_NOISE_Z, directKspaceBinValues, directKspaceBinsError, samplePositions } from './independent-checks';
import { CENTER_LINES, NOISE_SD, acquisitionKey, sharedAcquire, sharedReference, type Acquisition } from './support';

const MIN_GAIN_DB = 5;
const N = 256;
const COILS = 8;
const R = 4;

export default sweep({ method: ['cgsense', 'fista'], it: [10, 20] }, (p) =>
  defineBench<
    { acq: Acquisition; solve: () => IterativeResult; zfPsnr: number },
    IterativeResult
  >({
    id: `recon_mri_${p.method}_${N}_c${COILS}_r${R}_it${p.it}`,
    category: 'reconstruction_mri',
    task: p.method === 'cgsense' ? 'cg_sense' : 'fista_wavelet',
    modality: 'MRI',
    // One item = one slice's undersampled k-space (8 coils) reconstructed; output voxels counted (N x N).
    inputShape: [COILS, N, N],
    outputShape: [N, N],
    voxelsCounted: 'output',
    dtype: 'complex128',
    tags: ['full'],
    // 0.35-0.8 s a run: 0 warm-up + 1 timed run per process (the harness's one untimed
    // calibration call comes first and warms the process).
    warmupRunsPerProcess: 0,
    measuredRunsPerProcess: 1,
    setup: async (ctx) => {
      const acq = await sharedAcquire(N, COILS, R);
      const zf = new ZeroFilledRecon(N, N, COILS).run(acq.kspace, new Float64Array(N * N));
      const op = new SenseOperator(acq.maps, acq.mask);
      const image = new Float64Array(2 * N * N);
      const opts = { iterations: p.it, tolerance: 0 };
      let solve: () => IterativeResult;
      if (p.method === 'cgsense') {
        const cg = new CgSense(op);
        solve = () => cg.solve(acq.kspace, image, opts);
      } else {
        const fista = new FistaWavelet(op);
        solve = () => fista.solve(acq.kspace, image, { ...opts, lambda: DEFAULT_FISTA_LAMBDA });
        ctx.record('lambda', DEFAULT_FISTA_LAMBDA);
      }
      ctx.record('acquisition', { acceleration: R, center_lines: CENTER_LINES, coils: COILS, noise_sd: NOISE_SD, pattern: 'equispaced' });
      return { acq, solve, zfPsnr: psnr(acq.phantom, zf, 1) };
    },
    run: (s) => s.solve(),
    verify: async (s, out, ctx) => {
      ctx.record('residuals', out.residuals);
      const acquired = samplePositions(N, N, undefined, (r) => s.acq.mask[r] === 1);
      // The direct-DFT reference values, made once per run (from the phantom and the maps only).
      const bins = await sharedReference(`direct k-space bins of ${acquisitionKey(N, COILS, R)} at ${JSON.stringify(acquired)}`, () =>
        directKspaceBinValues(s.acq.phantom, s.acq.maps, acquired),
      );
      ctx.record('iterations', out.iterations);
      const first = out.residuals[0]!;
      const last = out.residuals.at(-1)!;
      const got = psnr(s.acq.phantom, magnitude(out.image, new Float64Array(N * N)), 1);
      return {
        psnr_db: expectQuality('psnr_db', got, { min: s.zfPsnr + MIN_GAIN_DB, unit: 'dB' }),
        psnr_zero_filled_db: quality(s.zfPsnr, 'dB', true),
        residual_ratio: expectQuality('residual_ratio (last / first)', last / first, { max: 1 }),
        // Independent of our FFT (which both makes the data and runs the solver): acquired
        // k-space bins against the direct DFT of S_c x, in units of the noise sd.
        kspace_vs_direct_dft_max_noise_z: expectQuality(
          'kspace_vs_direct_dft_max_noise_z',
          directKspaceBinsError(s.acq.kspace, s.acq.phantom, s.acq.maps, acquired, bins) / NOISE_SD,
          { max: MAX_NOISE_Z, unit: 'sd' },
        ),
      };
    },
  }),
);
