"""igraph timings for bench/analysis.ts: reads an edge list (source\ttarget\tweight\tlayer) as networkx_bench.py
does (one undirected edge per pair, weights summed), times each measure, prints JSON {name: seconds}.
Arguments: the edge list, the measures (comma-separated), the number of sources for the all-pairs measures
(0 = all; else the first k vertices, the caller scales the time by n / k), and a budget in seconds per
measure (a measure over budget is interrupted and reported as null). Run in the benchmark's venv."""
import json
import signal
import warnings
import sys
import time

import igraph as ig


class OverBudget(Exception):
    pass


def on_alarm(_signum, _frame):
    raise OverBudget()


def read(path):
    index, edges, weights, pairs = {}, [], [], {}
    with open(path, encoding="utf8") as f:
        for line in f:
            s, t, w, _layer = line.rstrip("\n").split("\t")
            if s == t:
                continue
            a = index.setdefault(s, len(index))
            b = index.setdefault(t, len(index))
            key = (a, b) if a < b else (b, a)
            if key in pairs:
                weights[pairs[key]] += float(w)
            else:
                pairs[key] = len(edges)
                edges.append(key)
                weights.append(float(w))
    g = ig.Graph(n=len(index), edges=edges, directed=False)
    g.es["weight"] = weights
    return g


def main():
    path, which = sys.argv[1], sys.argv[2].split(",")
    k = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    budget = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    # hub_score warns that on an undirected graph it equals eigenvector centrality: timed all the same.
    warnings.simplefilter("ignore")
    g = read(path)
    subset = list(range(min(k, g.vcount()))) if k > 0 else None
    jobs = {
        "degree": lambda: g.degree(),
        "weighted-degree": lambda: g.strength(weights="weight"),
        "betweenness": lambda: g.betweenness(sources=subset) if subset else g.betweenness(),
        "closeness": lambda: g.closeness(vertices=subset),
        "harmonic": lambda: g.harmonic_centrality(vertices=subset),
        "eigenvector": lambda: g.eigenvector_centrality(),
        "pagerank": lambda: g.pagerank(damping=0.85),
        "hits": lambda: g.hub_score(),
        "kcore": lambda: g.coreness(),
        "constraint": lambda: g.constraint(),
        "louvain": lambda: g.community_multilevel(),
        "leiden": lambda: g.community_leiden(objective_function="modularity", n_iterations=-1),
        "label-propagation": lambda: g.community_label_propagation(),
    }
    signal.signal(signal.SIGALRM, on_alarm)
    out = {}
    for name in which:
        if name not in jobs:
            continue
        signal.alarm(budget)
        start = time.perf_counter()
        try:
            jobs[name]()
            out[name] = time.perf_counter() - start
        except OverBudget:
            out[name] = None
        finally:
            signal.alarm(0)
    out["version"] = ig.__version__
    print(json.dumps(out))


if __name__ == "__main__":
    main()
