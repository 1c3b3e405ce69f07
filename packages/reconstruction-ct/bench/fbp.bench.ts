/**
 * Filtered back-projection of the modified Shepp–Logan phantom's sinogram: sizes 128, 256,
 * 512 with 180 and 360 angles (ramp filter), and the windowed filters at 256 / 180 angles.
 * The timed work is one `fbp` call (filtering and back-projection) on a plan made in setup.
 */
import { defineBench, sweep } from '@rhenium-perf/harness';
import { fbp, planFbp, type FbpFilterName, type FbpPlan } from '../src/index';
import { fbpRmsMax, rmsFigures, sharedPhantomSinogram, type PhantomSinogram } from './support';

interface FbpState {
  readonly input: PhantomSinogram;
  readonly plan: FbpPlan;
  readonly out: Float64Array;
  readonly filter: FbpFilterName;
}

function fbpCase(size: number, angles: number, filter: FbpFilterName, tags: string[]) {
  return {
    id: `recon_ct_fbp_${filter.replace('-', '_')}_${size}_a${angles}`,
    category: 'reconstruction_ct' as const,
    task: 'fbp',
    modality: 'CT' as const,
    // One item = one sinogram reconstructed; output voxels counted (the size x size image).
    inputShape: [angles, size],
    outputShape: [size, size],
    voxelsCounted: 'output' as const,
    dtype: 'float64',
    tags,
    params: { size, angles, filter },
    setup: async (): Promise<FbpState> => {
      const input = await sharedPhantomSinogram(size, angles);
      return { input, plan: planFbp({ imageSize: size, angles, filter }), out: new Float64Array(size * size), filter };
    },
    run: (s: FbpState) => fbp(s.plan, s.input.sinogram, s.out),
    verify: (s: FbpState, out: Float64Array) => rmsFigures(out, s.input.phantom, fbpRmsMax(s.filter, size, angles)),
  };
}

export default [
  ...sweep({ filter: ['ramp'], size: [128, 256, 512], angles: [180, 360] }, (p) =>
    fbpCase(p.size, p.angles, p.filter as FbpFilterName, p.size === 128 && p.angles === 180 ? ['smoke', 'full'] : ['full']),
  ),
  ...['shepp-logan', 'cosine', 'hamming', 'hann'].map((filter) =>
    defineBench(fbpCase(256, 180, filter as FbpFilterName, ['full'])),
  ),
];
