/**
 * Achieved GFLOP/s of the GAN-side networks (SRGAN-style 2D generator, DnCNN 2D) on one
 * 128x128 slice, with 1 and 2 intra-op threads, beside the JS-reachable multiply-add peak
 * (perception-inference's networkThroughputCase: the FLOP convention and the bound).
 */
import { networkThroughputCase } from '@rhenium-perf/perception-inference';

const INPUT = [1, 1, 128, 128] as const;

export default (['srgan2d', 'dncnn2d'] as const).flatMap((network) =>
  ([1, 2] as const).map((threads) =>
    networkThroughputCase({ id: `gan_gflops_${network}_128x128_t${threads}`, category: 'gan_inference', network, inputShape: INPUT, threads, tags: ['full'] }),
  ),
);
