/**
 * Achieved GFLOP/s of the perception networks (3D U-Net 8-16-32-64, 3D CenterNet-style
 * detector) on one 32x64x64 input, with 1 and 2 intra-op threads, beside the JS-reachable
 * multiply-add peak (see src/network-throughput.ts for the FLOP convention and the bound).
 */
import { networkThroughputCase } from '../src/network-throughput';

const INPUT = [1, 1, 32, 64, 64] as const;

export default (['unet3d', 'detector3d'] as const).flatMap((network) =>
  ([1, 2] as const).map((threads) =>
    networkThroughputCase({ id: `perception_gflops_${network}_32x64x64_t${threads}`, category: 'perception_inference', network, inputShape: INPUT, threads, tags: ['full'] }),
  ),
);
