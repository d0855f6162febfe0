"""networkx timings for bench/analysis.ts: reads edge lists (source\ttarget\tweight\tlayer), times each
measure, prints JSON {name: seconds}. Run by the benchmark in its own virtual environment."""
import json
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


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    path, which = sys.argv[1], sys.argv[2].split(",")
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
        "louvain": lambda: community.louvain_communities(g, seed=42),
        "label-propagation": lambda: list(community.label_propagation_communities(g)),
    }
    print(json.dumps({name: timed(jobs[name]) for name in which if name in jobs}))


if __name__ == "__main__":
    main()
