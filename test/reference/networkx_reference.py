"""Reference values for the analysis tests, computed with networkx (3.6) on the graphs that
test/reference/export-graphs.ts writes. Run:  python3 test/reference/networkx_reference.py
Writes test/reference/networkx.json; the tests cite it as their source."""
import json
import os
import sys

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))


def read(name):
    g = nx.Graph()
    with open(os.path.join(HERE, "graphs", name), encoding="utf8") as f:
        for line in f:
            s, t, w = line.rstrip("\n").split("\t")
            g.add_edge(s, t, weight=float(w))
    return g


def rounded(d):
    return {str(k): float(v) for k, v in sorted(d.items())}


def measures(g, weighted):
    out = {}
    w = "weight" if weighted else None
    if weighted:
        for u, v, data in g.edges(data=True):
            data["distance"] = 1.0 / data["weight"]
        out["betweenness"] = rounded(nx.betweenness_centrality(g, weight="distance", normalized=True))
        out["pagerank"] = rounded(nx.pagerank(g, alpha=0.85, tol=1e-12, weight="weight"))
        out["eigenvector"] = rounded(nx.eigenvector_centrality(g, tol=1e-12, max_iter=10000, weight="weight"))
        out["weighted_degree"] = rounded(dict(g.degree(weight="weight")))
        hubs, authorities = nx.hits(g, tol=1e-12, max_iter=10000)
        out["hits_hubs"] = rounded(hubs)
        return out
    g = nx.Graph(g.edges())  # unweighted: networkx's hits and others read a 'weight' attribute when present
    out["degree"] = rounded(dict(g.degree()))
    out["betweenness"] = rounded(nx.betweenness_centrality(g, normalized=True))
    out["closeness"] = rounded(nx.closeness_centrality(g, wf_improved=True))
    out["harmonic"] = rounded(nx.harmonic_centrality(g))
    out["eigenvector"] = rounded(nx.eigenvector_centrality(g, tol=1e-12, max_iter=10000, weight=w))
    out["pagerank"] = rounded(nx.pagerank(g, alpha=0.85, tol=1e-12, weight=w))
    hubs, authorities = nx.hits(g, tol=1e-12, max_iter=10000)
    out["hits_hubs"] = rounded(hubs)
    out["hits_authorities"] = rounded(authorities)
    out["kcore"] = rounded(nx.core_number(g))
    return out


def main():
    karate = read("karate.tsv")
    lesmis = read("les-miserables.tsv")
    disconnected = read("karate.tsv")
    # Two components: closeness with the Wasserman–Faust correction differs from plain closeness.
    disconnected.add_edge("x1", "x2", weight=1.0)
    disconnected.add_edge("x2", "x3", weight=1.0)
    result = {
        "source": f"networkx {nx.__version__}, test/reference/networkx_reference.py",
        "karate": measures(karate, False),
        "lesMiserables": measures(lesmis, False),
        "lesMiserablesWeighted": measures(lesmis, True),
        "karatePlusPath": {"closeness": rounded(nx.closeness_centrality(disconnected, wf_improved=True))},
    }
    with open(os.path.join(HERE, "networkx.json"), "w", encoding="utf8") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote networkx.json with", result["source"], file=sys.stderr)


if __name__ == "__main__":
    main()


def read_mpx(name):
    """Parses multinet's .mpx directly (independently of clusterlens's reader)."""
    layers, section = {}, ""
    with open(os.path.join(HERE, "..", "fixtures", name), encoding="utf8") as f:
        for raw in f:
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#"):
                section = line[1:].strip().upper()
                continue
            cells = [c.strip() for c in line.split(",")]
            if section == "EDGES":
                layers.setdefault(cells[2].lower(), nx.Graph()).add_edge(cells[0], cells[1])
    return layers


def multiplex(name):
    layers = read_mpx(name)
    names = sorted(layers)
    actors = sorted(set().union(*[set(g.nodes) for g in layers.values()]))
    degree = {l: {a: (layers[l].degree(a) if a in layers[l] else 0) for a in actors} for l in names}
    m = len(names)
    overlapping, participation, activity = {}, {}, {}
    for a in actors:
        k = [degree[l][a] for l in names]
        o = sum(k)
        overlapping[a] = o
        activity[a] = sum(1 for x in k if x > 0)
        participation[a] = (m / (m - 1)) * (1 - sum((x / o) ** 2 for x in k)) if o > 0 and m > 1 else 0.0
    pairs = {l: {tuple(sorted(e)) for e in layers[l].edges()} for l in names}
    jaccard = {f"{a}|{b}": len(pairs[a] & pairs[b]) / len(pairs[a] | pairs[b]) for a in names for b in names if a < b}
    return {"layers": names, "degreeByLayer": degree, "overlappingDegree": overlapping,
            "participation": participation, "activity": activity, "jaccard": jaccard}


if __name__ == "__main__":
    with open(os.path.join(HERE, "networkx.json"), encoding="utf8") as f:
        result = json.load(f)
    result["aucs"] = multiplex("aucs.mpx")
    result["florentine"] = multiplex("florentine.mpx")
    with open(os.path.join(HERE, "networkx.json"), "w", encoding="utf8") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")
