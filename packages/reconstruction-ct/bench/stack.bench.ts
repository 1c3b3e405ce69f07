/**
 * Slice-by-slice FBP of a 32 x 128 x 128 stack: the 3D modified Shepp–Logan phantom
 * (2 x 2 x 2 sub-samples per voxel), each slice projected at 180 angles in setup; the timed
 * work is one `fbpStack` call (one plan, 32 filter + back-projection passes).
 */
import { sweep } from '@rhenium-perf/harness';
import { sheppLogan3d } from '@rhenium-perf/fixtures';
import { createGeometry, fbpStack, planFbp, planRadon, radon, type FbpPlan } from '../src/index';
import { rmsFigures } from './support';

/** Sub-samples per axis of the 3D phantom (8 per voxel: 4^3 would take ~15 s to render). */
const STACK_SUPERSAMPLE = 2;
/** RMS bound over the whole volume (measured 0.0227). */
const STACK_RMS_MAX = 0.025;

interface StackState {
  readonly volume: Float64Array;
  readonly sinograms: Float64Array;
  readonly plan: FbpPlan;
  readonly out: Float64Array;
  readonly slices: number;
}

export default sweep({ slices: [32], size: [128], angles: [180] }, (p) => ({
  id: `recon_ct_fbp_stack_ramp_${p.slices}x${p.size}x${p.size}_a${p.angles}`,
  category: 'reconstruction_ct',
  task: 'fbp_stack',
  modality: 'CT',
  // One item = one slice: its sinogram (angles x size) in, its size x size image out; output
  // voxels counted, itemsPerRun = the slices of the stack.
  inputShape: [p.angles, p.size],
  outputShape: [p.size, p.size],
  voxelsCounted: 'output',
  dtype: 'float64',
  itemsPerRun: p.slices,
  tags: ['full'],
  setup: (): StackState => {
    const volume = sheppLogan3d(p.slices, p.size, p.size, { supersample: STACK_SUPERSAMPLE });
    const perImage = p.size * p.size;
    const perSino = p.angles * p.size;
    const sinograms = new Float64Array(p.slices * perSino);
    const rp = planRadon(createGeometry({ imageSize: p.size, angles: p.angles }));
    for (let z = 0; z < p.slices; z++) {
      radon(rp, volume.subarray(z * perImage, (z + 1) * perImage), sinograms.subarray(z * perSino, (z + 1) * perSino));
    }
    return {
      volume,
      sinograms,
      plan: planFbp({ imageSize: p.size, angles: p.angles }),
      out: new Float64Array(p.slices * perImage),
      slices: p.slices,
    };
  },
  run: (s: StackState) => fbpStack(s.plan, s.sinograms, s.slices, s.out),
  verify: (s: StackState, out: Float64Array) => rmsFigures(out, s.volume, STACK_RMS_MAX),
}));
