#!/usr/bin/env python3
"""numpy's BEST time for min-max normalisation of a float32 volume, the side-by-side reference.

Usage: minmax_numpy.py <input.f32> [repeats]
Reads raw little-endian float32 voxels and times every reasonable numpy route to the same
result, then reports the fastest (the reference must be numpy's best, not its first; issue 17):

  min/max found by   `x.min(); x.max()`  or  `np.minimum.reduce(x); np.maximum.reduce(x)`
  scaled by          `(x - lo) / (hi - lo)`                                   (allocates)
                     `np.subtract(x, lo, out=o); np.multiply(o, 1/(hi-lo), out=o)` (in place)
                     `np.subtract(x, lo, out=o); np.divide(o, hi - lo, out=o)`      (in place)

Each route: 20 warm-up calls, then `repeats` timed calls, median; the routes are timed in
turn for ROUNDS rounds (alternating, so a noisy moment hits them all) and each route's figure
is the median of its round medians. Prints one JSON line: `median_us` (the best route's),
`best_route`, `routes` (every route's median), `expression_median_us` (the allocating
expression with x.min()/x.max(), for information), `inplace_median_us` (the in-place
multiply route with x.min()/x.max(), the reference used before issue 17), the repeat count
and numpy's version.
"""
import json
import sys
import time

import numpy as np

ROUNDS = 3


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

    def lohi_method():
        return x.min(), x.max()

    def lohi_ufunc():
        return np.minimum.reduce(x), np.maximum.reduce(x)

    def scale_expression(lo, hi):
        return (x - lo) / (hi - lo)

    def scale_multiply(lo, hi):
        np.subtract(x, lo, out=out)
        np.multiply(out, np.float32(1.0) / (hi - lo), out=out)
        return out

    def scale_divide(lo, hi):
        np.subtract(x, lo, out=out)
        np.divide(out, hi - lo, out=out)
        return out

    lohis = {"x.min()/x.max()": lohi_method, "np.minimum.reduce/np.maximum.reduce": lohi_ufunc}
    scales = {
        "(x - lo) / (hi - lo)": scale_expression,
        "subtract(out=) + multiply(out=, 1/(hi-lo))": scale_multiply,
        "subtract(out=) + divide(out=, hi-lo)": scale_divide,
    }

    def route(lohi, scale):
        def fn():
            lo, hi = lohi()
            return scale(lo, hi)
        return fn

    routes = {f"{ln}; {sn}": route(lf, sf) for ln, lf in lohis.items() for sn, sf in scales.items()}
    rounds = {name: [] for name in routes}
    for _ in range(ROUNDS):
        for name, fn in routes.items():
            rounds[name].append(median_us(fn, repeats))
    medians = {name: sorted(v)[len(v) // 2] for name, v in rounds.items()}
    best = min(medians, key=medians.get)

    print(json.dumps({
        "median_us": medians[best],
        "best_route": best,
        "routes": medians,
        "expression_median_us": medians["x.min()/x.max(); (x - lo) / (hi - lo)"],
        "inplace_median_us": medians["x.min()/x.max(); subtract(out=) + multiply(out=, 1/(hi-lo))"],
        "repeats": repeats,
        "rounds": ROUNDS,
        "numpy_version": np.__version__,
        "voxels": int(x.size),
    }))


if __name__ == "__main__":
    main()
