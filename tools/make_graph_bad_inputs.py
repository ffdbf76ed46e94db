#!/usr/bin/env python3
"""Bad graph inputs for the CLI's bad-input corpus (attention-cli/src/test/resources/bad-input/graph-*):
integer edges a double cannot hold, and a training mask that is not 0/1.

Each case: a config, its files (numpy only) and expect.properties saying which one line the command
must print. Run from the repository root: python3 tools/make_graph_bad_inputs.py
"""
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parents[1] / "attention-cli/src/test/resources/bad-input"


def case(name, why, expect, edges, fit=None, arrays=None):
    d = OUT / name
    d.mkdir(parents=True, exist_ok=True)
    np.save(d / "nodes.npy", np.eye(4, dtype="<f8"))
    np.save(d / "edges.npy", edges)
    for key, a in (arrays or {}).items():
        np.save(d / f"{key}.npy", a)
    lines = ["name: t", "pipeline: {variant: graph, alignment: gat, distribution: softmax}", "inputs:",
             "  nodes: nodes.npy", "  edges: edges.npy"]
    if fit:
        lines += ["fit:"] + [f"  {line}" for line in fit]
    (d / "config.yaml").write_text("\n".join(lines) + "\n")
    (d / "expect.properties").write_text("# " + why + "\n" + "\n".join(f"{k}={v}" for k, v in expect.items()) + "\n")


def main():
    path = np.array([[0, 1], [1, 2], [2, 3]], dtype="<i8")
    case("graph-edges-int64-beyond-2-53", "a double rounds 2^53 + 1 to 2^53: an index would name another node.",
         {"file": "edges.npy", "key": "inputs.edges", "valid": "beyond 2^53 − 1 (9007199254740991)"},
         np.array([[0, 1], [1, 2 ** 53 + 1]], dtype="<i8"))
    case("graph-train-mask-not-0-1", "a training mask says train (1) or held out (0) per node, nothing between.",
         {"args": "fit {config} --out {out}", "file": "config.yaml", "at": "11", "key": "fit.train-mask",
          "valid": "neither 1 (train) nor 0 (held out)"},
         path, fit=["loss: cross-entropy", "head: {outputs: 2}", "epochs: 1", "targets: labels.npy",
                    "train-mask: train.npy"],
         arrays={"labels": np.array([0, 0, 1, 1], dtype="<i8"), "train": np.array([1, 0.5, 1, 0], dtype="<f8")})


if __name__ == "__main__":
    main()
