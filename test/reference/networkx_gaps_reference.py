"""Reference values for the gaps and suggestions tests (test/unit/gaps.test.ts, suggestions.test.ts),
computed with networkx (3.6) on the graphs that test/reference/export-graphs.ts writes. Run:
    python3 test/reference/networkx_gaps_reference.py
Writes test/reference/networkx-gaps.json (then `npx prettier --write` it, as the repository's lint expects).

Effective size is computed with `nodes=list(G)`, networkx's node-by-node code: for whole graphs networkx
3.6 takes a matrix shortcut that divides by the wrong maximum on weighted graphs (see
src/analysis/gaps/structural-holes.ts); unweighted values agree either way."""
import json
import math
import os
import sys

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))


def read(name, weighted):
    g = nx.Graph()
    with open(os.path.join(HERE, "graphs", name), encoding="utf8") as f:
        for line in f:
            s, t, w = line.rstrip("\n").split("\t")
            if weighted:
                g.add_edge(s, t, weight=float(w))
            else:
                g.add_edge(s, t)
    return g


def values(d):
    return {str(k): (None if math.isnan(v) else float(v)) for k, v in sorted(d.items())}


def holes(g, weight):
    nodes = list(g)
    return {
        "constraint": values(nx.constraint(g, weight=weight)),
        "effective_size": values(nx.effective_size(g, nodes=nodes, weight=weight)),
        "efficiency": values({n: v / g.degree(n) for n, v in nx.effective_size(g, nodes=nodes, weight=weight).items()}),
    }


def link_prediction(g):
    """Every pair not tied with at least one common neighbour (the others score 0)."""
    pairs = sorted(tuple(sorted(p)) for p in nx.non_edges(g) if any(True for _ in nx.common_neighbors(g, *p)))
    return {
        "pairs": [list(p) for p in pairs],
        "common_neighbours": [len(list(nx.common_neighbors(g, u, v))) for u, v in pairs],
        "jaccard": [s for _, _, s in nx.jaccard_coefficient(g, pairs)],
        "adamic_adar": [s for _, _, s in nx.adamic_adar_index(g, pairs)],
        "resource_allocation": [s for _, _, s in nx.resource_allocation_index(g, pairs)],
    }


def main():
    karate = read("karate.tsv", False)
    lesmis = read("les-miserables.tsv", False)
    lesmis_weighted = read("les-miserables.tsv", True)
    result = {
        "source": f"networkx {nx.__version__}, test/reference/networkx_gaps_reference.py",
        "karate": holes(karate, None),
        "lesMiserables": holes(lesmis, None),
        "lesMiserablesWeighted": holes(lesmis_weighted, "weight"),
        "lesMiserablesLinkPrediction": link_prediction(lesmis),
    }
    with open(os.path.join(HERE, "networkx-gaps.json"), "w", encoding="utf8") as f:
        json.dump(result, f, sort_keys=True)
        f.write("\n")
    print("wrote networkx-gaps.json with", result["source"], file=sys.stderr)


if __name__ == "__main__":
    main()
