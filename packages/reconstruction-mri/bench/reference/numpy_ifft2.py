#!/usr/bin/env python3
"""numpy's BEST time for a 2D inverse FFT of complex128 n x n, the side-by-side reference.

Usage: python3 numpy_ifft2.py N WARMUP REPEAT [ROUNDS]
       python3 numpy_ifft2.py --serve     (requests on stdin, one JSON line each; see serve())
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


def make_input(n):
    rng = np.random.default_rng(0)
    return (rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))).astype(np.complex128)


def make_routes(k):
    a = np.empty_like(k)
    b = np.empty_like(k)
    routes = {
        "ifft2": lambda: np.fft.ifft2(k),
        "ifftn": lambda: np.fft.ifftn(k),
    }
    if int(np.__version__.split(".")[0]) >= 2:
        routes["ifft2(out=)"] = lambda: np.fft.ifft2(k, out=b)
        routes["ifft0+ifft1(out=)"] = lambda: np.fft.ifft(np.fft.ifft(k, axis=0, out=a), axis=1, out=b)
        routes["ifft1+ifft0(out=)"] = lambda: np.fft.ifft(np.fft.ifft(k, axis=1, out=a), axis=0, out=b)
    return routes


def check_routes(k, routes):
    """Every route computes the same transform (a fast wrong route must not win)."""
    expected = np.fft.ifft2(k)
    for name, fn in routes.items():
        err = float(np.abs(fn() - expected).max())
        if err > 1e-12:
            raise SystemExit(f"route {name} differs from ifft2 by {err}")


def time_routes(k, routes, warmup, repeat, rounds, centred_repeat=None):
    """Every route in turn for `rounds` rounds; `centred_repeat` timed calls (after 2 warm-up
    calls) of the centred orthonormal transform for information (None: `repeat`, 0: none)."""
    per_round = {name: [] for name in routes}
    last = {}
    for _ in range(rounds):
        for name, fn in routes.items():
            s = timed(fn, warmup, repeat)
            per_round[name].append(float(np.median(s)))
            last[name] = s
    medians = {name: float(np.median(v)) for name, v in per_round.items()}
    best = min(medians, key=medians.get)
    out = {
        "numpy": np.__version__,
        "n": int(k.shape[0]),
        "warmup": warmup,
        "repeat": repeat,
        "rounds": rounds,
        "best_route": best,
        "median_ms": medians[best],
        "min_ms": float(np.min(last[best])),
        "samples_ms": last[best],
        "routes": medians,
    }
    if centred_repeat is None:
        centred_repeat = repeat
    if centred_repeat > 0:
        c = timed(lambda: np.fft.fftshift(np.fft.ifft2(np.fft.ifftshift(k), norm="ortho")), min(warmup, 2), centred_repeat)
        out["centred_ortho_median_ms"] = float(np.median(c))
    return out


def serve():
    """One request per stdin line, one JSON reply per stdout line, until stdin closes.

    {"op": "info"} -> numpy's version and the route names this numpy has;
    {"op": "time", "n", "warmup", "repeat", "rounds", "routes": [names] or null (all), "centred_repeat": int}
    -> time_routes' JSON for those routes (each route checked against ifft2 first, once per n).
    A failed request answers {"error": "..."} and the server goes on.
    """
    inputs = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            if req["op"] == "info":
                reply = {"numpy": np.__version__, "routes": list(make_routes(np.zeros((2, 2), np.complex128)))}
            elif req["op"] == "time":
                n = int(req["n"])
                if n not in inputs:
                    k = make_input(n)
                    routes = make_routes(k)
                    check_routes(k, routes)
                    inputs[n] = (k, routes)
                k, routes = inputs[n]
                names = req.get("routes") or list(routes)
                unknown = [r for r in names if r not in routes]
                if unknown:
                    raise ValueError(f"unknown routes {unknown} (this numpy has {list(routes)})")
                reply = time_routes(k, {r: routes[r] for r in names}, int(req["warmup"]), int(req["repeat"]), int(req["rounds"]), int(req.get("centred_repeat", 0)))
            else:
                raise ValueError(f"unknown op {req['op']!r}")
        except (Exception, SystemExit) as err:  # noqa: BLE001 - reported to the caller
            reply = {"error": f"{type(err).__name__}: {err}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


def main():
    if sys.argv[1:2] == ["--serve"]:
        serve()
        return
    n, warmup, repeat = (int(a) for a in sys.argv[1:4])
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    k = make_input(n)
    routes = make_routes(k)
    check_routes(k, routes)
    print(json.dumps(time_routes(k, routes, warmup, repeat, rounds)))


if __name__ == "__main__":
    main()
