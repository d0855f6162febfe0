"""
Reference values for src/did/distributions.ts (test/unit/did-distributions.test.ts): the standard normal,
Student's t, χ² and F distributions and the special functions under them (erfc, ln Γ, the regularised
incomplete gamma and beta functions), from SciPy (scipy.special and scipy.stats; SciPy computes them with
the Cephes and Boost.Math routines). Arguments span the centre and the tails the estimators use: p-values
down to 1e-12, confidence levels up to 0.999, degrees of freedom from 1 to 1000.

Pinned in test/reference/requirements.txt (scipy, numpy). Run from the project root:
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install -r test/reference/requirements.txt
    /tmp/venv/bin/python test/reference/distributions_reference.py
It writes test/reference/distributions.json (then `npx prettier --write` it, as the repository's lint
expects).
"""
import json
import platform
from pathlib import Path

import numpy as np
import scipy
from scipy import special, stats

HERE = Path(__file__).resolve().parent


def value(x):
    x = float(x)
    if not np.isfinite(x):
        raise ValueError(f"non-finite reference value {x}")
    return x


XS = [-8.0, -5.0, -3.0, -1.959963984540054, -1.0, -0.5, -0.1, 0.0, 0.1, 0.5, 1.0, 1.959963984540054, 3.0, 5.0, 8.0]
PS = [1e-12, 1e-8, 1e-5, 0.001, 0.01, 0.02425, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.97575, 0.99, 0.999, 1 - 1e-5]
DFS = [1, 2, 3, 5, 10, 30, 100, 1000]

cases = {
    "erfc": [[x, value(special.erfc(x))] for x in [-3.0, -1.0, -0.5, 0.0, 0.1, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0]],
    "normalCdf": [[x, value(stats.norm.cdf(x))] for x in XS],
    "normalQuantile": [[p, value(stats.norm.ppf(p))] for p in PS],
    "normalTwoSidedP": [[z, value(2 * stats.norm.sf(abs(z)))] for z in XS],
    "logGamma": [[x, value(special.gammaln(x))] for x in [0.1, 0.5, 1.0, 1.5, 2.0, 3.7, 10.0, 50.5, 171.0, 1000.0]],
    "gammaQ": [
        [a, x, value(special.gammaincc(a, x))]
        for a in [0.5, 1.0, 2.5, 5.0, 10.0, 50.0]
        for x in [0.01, 0.5, 1.0, 3.0, 10.0, 30.0, 100.0]
    ],
    "chiSquareSurvival": [
        [x, df, value(stats.chi2.sf(x, df))] for df in DFS for x in [0.1, 1.0, 3.84, 10.0, 30.0, 100.0]
    ],
    "incompleteBeta": [
        [x, a, b, value(special.betainc(a, b, x))]
        for (a, b) in [(0.5, 0.5), (0.5, 5.0), (5.0, 0.5), (2.0, 3.0), (15.0, 0.5), (50.0, 50.0)]
        for x in [0.001, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999]
    ],
    "studentTwoSidedP": [[t, df, value(2 * stats.t.sf(abs(t), df))] for df in DFS for t in [-4.0, 0.0, 0.5, 1.0, 2.0, 3.5, 10.0]],
    "studentQuantile": [[p, df, value(stats.t.ppf(p, df))] for df in DFS for p in [0.001, 0.025, 0.05, 0.3, 0.5, 0.9, 0.975, 0.995]],
    "fSurvival": [
        [f, d1, d2, value(stats.f.sf(f, d1, d2))]
        for (d1, d2) in [(1, 1), (1, 10), (3, 20), (5, 5), (10, 100), (30, 1000)]
        for f in [0.1, 0.5, 1.0, 2.0, 4.0, 10.0]
    ],
}

out = {
    "source": f"SciPy {scipy.__version__} (scipy.special, scipy.stats), NumPy {np.__version__}, Python {platform.python_version()}; test/reference/distributions_reference.py",
    "cases": cases,
}
(HERE / "distributions.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf8")
print(f"wrote {sum(len(v) for v in cases.values())} values to test/reference/distributions.json")
