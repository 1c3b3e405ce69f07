/**
 * Slice-by-slice FBP of a 32 x 128 x 128 stack: the 3D modified Shepp–Logan phantom
 * (2 x 2 x 2 sub-samples per voxel), each slice projected at 180 angles in setup; the timed
 * work is one `fbpStack` call (one plan, 32 filter + back-projection passes). The volume and
 * its sinograms are made once per run and shared by its processes (`runFixture`).
 */
import { runFixture, sweep } from '@rhenium-perf/harness';
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
  setup: async (): Promise<StackState> => {
    const perImage = p.size * p.size;
    const perSino = p.angles * p.size;
    const voxels = p.slices * perImage;
    const bins = p.slices * perSino;
    // Made once per run and read by the later processes (the volume stays each process's reference).
    const bytes = await runFixture(`reconstruction-ct:shepp-logan-3d:supersample=${STACK_SUPERSAMPLE}:${p.slices}x${p.size}x${p.size}:radon-angles=${p.angles}:f64`, () => {
      const all = new Float64Array(voxels + bins);
      const volume = all.subarray(0, voxels);
      volume.set(sheppLogan3d(p.slices, p.size, p.size, { supersample: STACK_SUPERSAMPLE }));
      const sinograms = all.subarray(voxels);
      const rp = planRadon(createGeometry({ imageSize: p.size, angles: p.angles }));
      for (let z = 0; z < p.slices; z++) {
        radon(rp, volume.subarray(z * perImage, (z + 1) * perImage), sinograms.subarray(z * perSino, (z + 1) * perSino));
      }
      return new Uint8Array(all.buffer);
    });
    if (bytes.byteLength !== 8 * (voxels + bins)) throw new Error(`shared stack fixture: ${bytes.byteLength} bytes, expected ${8 * (voxels + bins)}`);
    const all = new Float64Array(bytes.buffer, bytes.byteOffset, voxels + bins);
    return {
      volume: all.subarray(0, voxels),
      sinograms: all.subarray(voxels),
      plan: planFbp({ imageSize: p.size, angles: p.angles }),
      out: new Float64Array(p.slices * perImage),
      slices: p.slices,
    };
  },
  run: (s: StackState) => fbpStack(s.plan, s.sinograms, s.slices, s.out),
  verify: (s: StackState, out: Float64Array) => rmsFigures(out, s.volume, STACK_RMS_MAX),
}));
