"""
Reference values for the weighted L2 logistic regression of src/analysis/suggestions/logistic.ts.

scikit-learn's LogisticRegression (lbfgs, tight tolerance) fits a small data set made here from a fixed
formula (no random numbers): four features, labels from a deterministic threshold rule with some
overlap, and sample weights — with λ = 1 (C = 1) and λ = 0.1 (C = 10). The output,
test/reference/logistic.json (the rows, labels, weights and fits), is committed;
test/unit/logistic.test.ts fits the same rows and compares.

Pinned: scikit-learn==1.5.2, numpy==2.1.3 (python3 -m venv v && v/bin/pip install scikit-learn==1.5.2
numpy==2.1.3 && v/bin/python test/reference/logistic_reference.py).
"""
import json
import math
import os

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression


def dataset():
    rows, labels, weights = [], [], []
    for i in range(200):
        x1 = math.sin(i * 0.7) * 2
        x2 = math.cos(i * 1.3)
        x3 = (i % 7) / 3.0
        x4 = 1.0 if i % 5 == 0 else 0.0
        z = 0.8 * x1 - 1.2 * x2 + 0.5 * x3 + 1.5 * x4 - 0.7 + math.sin(i * 2.9) * 1.5
        rows.append([x1, x2, x3, x4])
        labels.append(1 if z > 0 else 0)
        weights.append(1.0 + (i % 4) * 0.5)
    return rows, labels, weights


def main():
    rows, labels, weights = dataset()
    out = {
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "rows": rows,
        "labels": labels,
        "weights": weights,
        "fits": [],
    }
    for c in (1.0, 10.0):
        model = LogisticRegression(C=c, solver="lbfgs", tol=1e-12, max_iter=10000)
        model.fit(np.array(rows), np.array(labels), sample_weight=np.array(weights))
        out["fits"].append(
            {
                "l2": 1.0 / c,
                "intercept": float(model.intercept_[0]),
                "coefficients": [float(v) for v in model.coef_[0]],
            }
        )
    path = os.path.join(os.path.dirname(__file__), "logistic.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
