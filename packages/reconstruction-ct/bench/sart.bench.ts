/**
 * SART (scikit-image's iradon_sart: relaxation 0.15, golden-ratio angle order) on the
 * 160 x 160 phantom with 160 angles, 1 and 2 iterations from a zero image. The bounds are the
 * issue's: RMS error <= 0.037 and <= 0.025 (scikit-image: 0.0356 and 0.0236).
 */
import { sweep } from '@rhenium-perf/harness';
import { planSart, sart, type SartPlan } from '../src/index';
import { rmsFigures, sharedPhantomSinogram, type PhantomSinogram } from './support';

const SIZE = 160;
const ANGLES = 160;
/** RMS bound per iteration count. */
const SART_RMS_MAX: Readonly<Record<number, number>> = Object.freeze({ 1: 0.037, 2: 0.025 });

interface SartState {
  readonly input: PhantomSinogram;
  readonly plan: SartPlan;
  readonly out: Float64Array;
}

export default sweep({ size: [SIZE], angles: [ANGLES], iterations: [1, 2] }, (p) => ({
  id: `recon_ct_sart_${p.size}_a${p.angles}_it${p.iterations}`,
  category: 'reconstruction_ct',
  task: 'sart',
  modality: 'CT',
  // One item = one sinogram reconstructed; output voxels counted (the size x size image).
  inputShape: [p.angles, p.size],
  outputShape: [p.size, p.size],
  voxelsCounted: 'output',
  dtype: 'float64',
  tags: p.iterations === 1 ? ['smoke', 'full'] : ['full'],
  setup: async (): Promise<SartState> => ({
    input: await sharedPhantomSinogram(p.size, p.angles),
    plan: planSart({ imageSize: p.size, angles: p.angles }),
    out: new Float64Array(p.size * p.size),
  }),
  run: (s: SartState, ctx) => {
    ctx.record('relaxation', s.plan.relaxation);
    return sart(s.plan, s.input.sinogram, s.out, { iterations: p.iterations });
  },
  verify: (s: SartState, out: Float64Array) => rmsFigures(out, s.input.phantom, SART_RMS_MAX[p.iterations]!),
}));
