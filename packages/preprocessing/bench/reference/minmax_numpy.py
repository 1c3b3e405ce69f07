#!/usr/bin/env python3
"""numpy's time for min-max normalisation of a float32 volume, the side-by-side reference.

Usage: minmax_numpy.py <input.f32> [repeats]
Reads raw little-endian float32 voxels, times `mn = x.min(); mx = x.max();
np.subtract(x, mn, out=out); np.multiply(out, 1/(mx - mn), out=out)` (the same work as
minMaxNormalize into a caller-owned float32 buffer) and, for information, the usual
expression `(x - x.min()) / (x.max() - x.min())`, which allocates. Prints one JSON line:
medians in microseconds, the repeat count and numpy's version.
"""
import json
import sys
import time

import numpy as np


def median_us(fn, repeats):
    for _ in range(20):  # warm-up: page in the buffers, settle the allocator
        fn()
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - t0)
    samples.sort()
    return samples[len(samples) // 2] / 1e3


def main():
    x = np.fromfile(sys.argv[1], dtype="<f4")
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    out = np.empty_like(x)

    def into_out():
        mn = x.min()
        mx = x.max()
        np.subtract(x, mn, out=out)
        np.multiply(out, np.float32(1.0) / (mx - mn), out=out)
        return out

    def expression():
        return (x - x.min()) / (x.max() - x.min())

    print(json.dumps({
        "median_us": median_us(into_out, repeats),
        "expression_median_us": median_us(expression, repeats),
        "repeats": repeats,
        "numpy_version": np.__version__,
        "voxels": int(x.size),
    }))


if __name__ == "__main__":
    main()
