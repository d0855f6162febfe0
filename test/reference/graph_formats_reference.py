"""What networkx and igraph read in clusterlens's GEXF and GraphML exports of the demo.

The exports (every view of the ties: mixed, directed, undirected) are written by
test/reference/export-formats.ts; this script reads each with
- networkx 3.x: nx.read_gexf, nx.read_graphml,
- python-igraph (igraph 0.11 / 1.0): Graph.Read_GraphML (igraph does not read GEXF),
and records the SHA-256 of the file read, what each reader sees (nodes, edges, directed, weight sum,
edges per layer) or the error it stops at. test/unit/graph-formats.test.ts checks that today's exports
are the same bytes and that the readers saw what the exports mean to say.

Run from the project root with a Python that has networkx and igraph:
    python3 -m venv bench/.venv && bench/.venv/bin/pip install networkx igraph
    bench/.venv/bin/python test/reference/graph_formats_reference.py
It writes test/reference/graph-formats.json.
"""

import hashlib
import json
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import igraph
import networkx as nx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def networkx_view(g):
    layers = Counter(d.get("layer") for _, _, d in g.edges(data=True))
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "directed": g.is_directed(),
        "weight": round(g.size(weight="weight"), 9),
        "degreeSum": sum(d for _, d in g.degree()),
        "layers": dict(sorted(layers.items())),
    }


def igraph_view(g):
    layers = Counter(g.es["layer"]) if g.ecount() else Counter()
    return {
        "nodes": g.vcount(),
        "edges": g.ecount(),
        "directed": g.is_directed(),
        "weight": round(sum(g.es["weight"]), 9),
        "degreeSum": sum(g.degree()),
        "layers": dict(sorted(layers.items())),
    }


def attempt(read):
    try:
        return read()
    except Exception as error:  # the reader's refusal is the finding
        return {"error": f"{type(error).__name__}: {error}"}


def main():
    out = {
        "source": "test/reference/graph_formats_reference.py",
        "networkx": nx.__version__,
        "igraph": igraph.__version__,
        "files": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npx", "tsx", "test/reference/export-formats.ts", tmp], cwd=ROOT, check=True)
        for path in sorted(Path(tmp).iterdir()):
            entry = {"sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
            if path.suffix == ".gexf":
                entry["networkx"] = attempt(lambda: networkx_view(nx.read_gexf(path, version="1.3")))
            else:
                entry["networkx"] = attempt(lambda: networkx_view(nx.read_graphml(path)))
                entry["igraph"] = attempt(lambda: igraph_view(igraph.Graph.Read_GraphML(str(path))))
            out["files"][path.name] = entry
    (HERE / "graph-formats.json").write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
