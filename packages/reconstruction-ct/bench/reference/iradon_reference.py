#!/usr/bin/env python3
"""Time scikit-image's iradon on the same phantom and sinogram as the TypeScript FBP.

Reads raw little-endian float64 files written by bench/reference.bench.ts:
  --phantom  size x size (row-major)
  --sinogram angles x size (angle-major; transposed here to scikit-image's detectors x angles)
Angles are k * 180 / angles degrees. Prints one JSON object on stdout:
  median_ms, min_ms, repeats (iradon timings after warm-up, time.perf_counter),
  rms (sqrt(mean((recon - phantom)^2)) over the whole image),
  sinogram_max_abs_diff (scikit-image's own radon of the phantom vs the given sinogram),
  skimage, numpy (versions).
Run with /usr/bin/python3 (Debian's python3-skimage).
"""
import argparse
import json
import time

import numpy as np
import skimage
from skimage.transform import iradon, radon


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('--phantom', required=True)
    ap.add_argument('--sinogram', required=True)
    ap.add_argument('--size', type=int, required=True)
    ap.add_argument('--angles', type=int, required=True)
    ap.add_argument('--filter', default='ramp')
    ap.add_argument('--warmup', type=int, default=2)
    ap.add_argument('--repeats', type=int, default=15)
    a = ap.parse_args()

    n, count = a.size, a.angles
    phantom = np.fromfile(a.phantom, dtype='<f8').reshape(n, n)
    sinogram = np.ascontiguousarray(np.fromfile(a.sinogram, dtype='<f8').reshape(count, n).T)
    theta = np.arange(count) * 180.0 / count

    sk_sino = radon(phantom, theta)
    for _ in range(a.warmup):
        iradon(sinogram, theta, filter_name=a.filter)
    times = []
    recon = None
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        recon = iradon(sinogram, theta, filter_name=a.filter)
        times.append((time.perf_counter() - t0) * 1e3)
    print(json.dumps({
        'median_ms': float(np.median(times)),
        'min_ms': float(np.min(times)),
        'repeats': a.repeats,
        'rms': float(np.sqrt(np.mean((recon - phantom) ** 2))),
        'sinogram_max_abs_diff': float(np.abs(sk_sino - sinogram).max()),
        'skimage': skimage.__version__,
        'numpy': np.__version__,
    }))


if __name__ == '__main__':
    main()
