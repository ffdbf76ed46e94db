#!/usr/bin/env python3
"""Writes examples/graph-karate/: Zachary's karate club (34 members, 78 friendships, two factions
after the split) from networkx's karate_club_graph(), for the graph-attention node-classification
example.

  nodes.npy   float32 [34, 34]  one-hot identity features (as Kipf & Welling's GCN on this graph)
  edges.npy   int64   [78, 2]   one row (u, v) per friendship, u < v, each edge once (the variant
                                reads edges as undirected by default)
  labels.csv  node, club, faction   faction 0 = 'Mr. Hi', 1 = 'Officer' (networkx's 'club' attribute)
  train.npy   bool    [34]      the training mask: the two highest-degree members of each faction
                                (Mr. Hi: 0, 2; Officer: 33, 32), the other 30 held out

Run from the repository root: python3 tools/make_karate.py
"""
import csv
import os

import networkx as nx
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "examples", "graph-karate")
PER_FACTION = 2


def main():
    g = nx.karate_club_graph()
    n = g.number_of_nodes()
    assert n == 34 and g.number_of_edges() == 78
    faction = [0 if g.nodes[i]["club"] == "Mr. Hi" else 1 for i in range(n)]
    edges = np.array(sorted((min(u, v), max(u, v)) for u, v in g.edges()), dtype="<i8")
    train = np.zeros(n, dtype=bool)
    for f in (0, 1):
        members = sorted((i for i in range(n) if faction[i] == f), key=lambda i: (-g.degree(i), i))
        train[members[:PER_FACTION]] = True
    os.makedirs(OUT, exist_ok=True)
    np.save(os.path.join(OUT, "nodes.npy"), np.eye(n, dtype="<f4"))
    np.save(os.path.join(OUT, "edges.npy"), edges)
    np.save(os.path.join(OUT, "train.npy"), train)
    with open(os.path.join(OUT, "labels.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["node", "club", "faction", "train"])
        for i in range(n):
            w.writerow([i, g.nodes[i]["club"], faction[i], int(train[i])])
    print("wrote", OUT, "training nodes", np.flatnonzero(train).tolist())


if __name__ == "__main__":
    main()
