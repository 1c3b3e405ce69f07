#!/usr/bin/env python3
"""Time numpy.fft.ifft2 on complex128 n x n, for the side-by-side reference cases.

Usage: python3 numpy_ifft2.py N WARMUP REPEAT
Prints one JSON line: median and samples (ms) of plain ifft2 and of the centred
orthonormal version (fftshift(ifft2(ifftshift(k), norm='ortho'))), the same work as
Fft2dPlan.inverse. The data are seeded; timing uses time.perf_counter.
"""
import json
import sys
import time

import numpy as np


def timed(fn, warmup, repeat):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1e3)
    return samples


def main():
    n, warmup, repeat = (int(a) for a in sys.argv[1:4])
    rng = np.random.default_rng(0)
    k = (rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))).astype(np.complex128)
    plain = timed(lambda: np.fft.ifft2(k), warmup, repeat)
    centred = timed(lambda: np.fft.fftshift(np.fft.ifft2(np.fft.ifftshift(k), norm="ortho")), warmup, repeat)
    print(json.dumps({
        "numpy": np.__version__,
        "n": n,
        "warmup": warmup,
        "repeat": repeat,
        "ifft2_median_ms": float(np.median(plain)),
        "ifft2_min_ms": float(np.min(plain)),
        "ifft2_samples_ms": plain,
        "centred_ortho_median_ms": float(np.median(centred)),
    }))


if __name__ == "__main__":
    main()
