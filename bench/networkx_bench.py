"""networkx timings for bench/analysis.ts: reads edge lists (source\ttarget\tweight\tlayer), times each
measure, prints JSON {name: seconds}. An optional third argument is a budget in seconds per measure: a
measure over budget is interrupted and reported as null. Run by the benchmark in its own virtual
environment."""
import json
import signal
import sys
import time

import networkx as nx
from networkx.algorithms import community


def read(path):
    g = nx.Graph()
    with open(path, encoding="utf8") as f:
        for line in f:
            s, t, w, _layer = line.rstrip("\n").split("\t")
            if g.has_edge(s, t):
                g[s][t]["weight"] += float(w)
            else:
                g.add_edge(s, t, weight=float(w))
    return g


class OverBudget(Exception):
    pass


def on_alarm(_signum, _frame):
    raise OverBudget()


def timed(fn, budget):
    signal.alarm(budget)
    start = time.perf_counter()
    try:
        fn()
        return time.perf_counter() - start
    except OverBudget:
        return None
    finally:
        signal.alarm(0)


def main():
    path, which = sys.argv[1], sys.argv[2].split(",")
    budget = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    signal.signal(signal.SIGALRM, on_alarm)
    g = read(path)
    jobs = {
        "degree": lambda: dict(g.degree()),
        "weighted-degree": lambda: dict(g.degree(weight="weight")),
        "betweenness": lambda: nx.betweenness_centrality(g),
        "betweenness-k500": lambda: nx.betweenness_centrality(g, k=500, seed=42),
        "closeness": lambda: nx.closeness_centrality(g),
        "harmonic": lambda: nx.harmonic_centrality(g),
        "eigenvector": lambda: nx.eigenvector_centrality(g, max_iter=10000, tol=1e-10),
        "pagerank": lambda: nx.pagerank(g, alpha=0.85, tol=1e-10),
        "hits": lambda: nx.hits(g, max_iter=10000, tol=1e-10),
        "kcore": lambda: nx.core_number(g),
        "constraint": lambda: nx.constraint(g),
        "louvain": lambda: community.louvain_communities(g, seed=42),
        "label-propagation": lambda: list(community.label_propagation_communities(g)),
    }
    print(json.dumps({name: timed(jobs[name], budget) for name in which if name in jobs}))


if __name__ == "__main__":
    main()
