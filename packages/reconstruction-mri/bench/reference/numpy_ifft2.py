#!/usr/bin/env python3
"""numpy's BEST time for a 2D inverse FFT of complex128 n x n, the side-by-side reference.

Usage: python3 numpy_ifft2.py N WARMUP REPEAT [ROUNDS]
Times every reasonable numpy route to the (plain, unshifted) 2D inverse DFT and reports the
fastest (the reference must be numpy's best, not its first; issue 17):

  ifft2                  np.fft.ifft2(k)                                       (allocates)
  ifftn                  np.fft.ifftn(k)                                       (allocates)
  ifft2(out=)            np.fft.ifft2(k, out=b)                                (numpy >= 2.0)
  ifft0+ifft1(out=)      np.fft.ifft(k, axis=0, out=a); np.fft.ifft(a, axis=1, out=b)
  ifft1+ifft0(out=)      np.fft.ifft(k, axis=1, out=a); np.fft.ifft(a, axis=0, out=b)

(the out= routes need numpy >= 2.0 and are left out on older numpy). Each route: WARMUP
calls, then REPEAT timed calls (time.perf_counter), median; the routes are timed in turn for
ROUNDS rounds (alternating, so a noisy moment hits them all) and each route's figure is the
median of its round medians. The data are seeded. Prints one JSON line: `median_ms` and
`min_ms` of the best route, `best_route`, `routes` (every route's median), `samples_ms` (the
best route's samples of its last round), `centred_ortho_median_ms`
(fftshift(ifft2(ifftshift(k), norm='ortho')), the same work as Fft2dPlan.inverse, for
information), counts and numpy's version.
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
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    rng = np.random.default_rng(0)
    k = (rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))).astype(np.complex128)
    a = np.empty_like(k)
    b = np.empty_like(k)
    expected = np.fft.ifft2(k)

    routes = {
        "ifft2": lambda: np.fft.ifft2(k),
        "ifftn": lambda: np.fft.ifftn(k),
    }
    if int(np.__version__.split(".")[0]) >= 2:
        routes["ifft2(out=)"] = lambda: np.fft.ifft2(k, out=b)
        routes["ifft0+ifft1(out=)"] = lambda: np.fft.ifft(np.fft.ifft(k, axis=0, out=a), axis=1, out=b)
        routes["ifft1+ifft0(out=)"] = lambda: np.fft.ifft(np.fft.ifft(k, axis=1, out=a), axis=0, out=b)
    # Every route computes the same transform (a fast wrong route must not win).
    for name, fn in routes.items():
        err = float(np.abs(fn() - expected).max())
        if err > 1e-12:
            raise SystemExit(f"route {name} differs from ifft2 by {err}")

    per_round = {name: [] for name in routes}
    last = {}
    for _ in range(rounds):
        for name, fn in routes.items():
            s = timed(fn, warmup, repeat)
            per_round[name].append(float(np.median(s)))
            last[name] = s
    medians = {name: float(np.median(v)) for name, v in per_round.items()}
    best = min(medians, key=medians.get)
    centred = timed(lambda: np.fft.fftshift(np.fft.ifft2(np.fft.ifftshift(k), norm="ortho")), warmup, repeat)
    print(json.dumps({
        "numpy": np.__version__,
        "n": n,
        "warmup": warmup,
        "repeat": repeat,
        "rounds": rounds,
        "best_route": best,
        "median_ms": medians[best],
        "min_ms": float(np.min(last[best])),
        "samples_ms": last[best],
        "routes": medians,
        "centred_ortho_median_ms": float(np.median(centred)),
    }))


if __name__ == "__main__":
    main()
