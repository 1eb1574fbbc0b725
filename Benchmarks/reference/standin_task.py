"""
STAND-IN task generator, for testing these scripts only.

The real task files come from the C# suite (`graphnav task export --out DIR`); only they carry
the suite's exact graphs, splits and formats. This file writes a directory in the same layout
(task.json "graphnav.task/1" + train.jsonl + test.jsonl) for a Bernoulli DAG, so that
train_export.py can run when no DIR is given. Its task.json says "standin": true.

Bernoulli(N, p): edge i -> j for i < j with probability p. Reachable (start, goal) pairs are
split into train and test pairs; each path is drawn uniformly among the start -> goal paths that
fit the context (counted exactly by dynamic programming over path length).
"""

import argparse
import json
import os
import random

from graphtask import COLON, END, NODE0

TOKENS = {"PAD": 0, ":": 1, "END": 2, "PATH": 3, "NOPATH": 4, "EXEMPLAR": 5, "node0": NODE0}


def bernoulli_dag(n, p, rng):
    return [(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < p]


def path_counts(n, succ, goal, max_edges):
    """cnt[l][v] = number of v -> goal paths with exactly l edges, l = 0..max_edges."""
    cnt = [[0] * n for _ in range(max_edges + 1)]
    cnt[0][goal] = 1
    for l in range(1, max_edges + 1):
        prev, cur = cnt[l - 1], cnt[l]
        for v in range(goal):  # only nodes before the goal can reach it in a DAG
            cur[v] = sum(prev[w] for w in succ[v])
    return cnt


def _pick(weights, rng):
    r = rng.randrange(sum(weights))
    for i, w in enumerate(weights):
        if r < w:
            return i
        r -= w
    raise AssertionError("unreachable")


def sample_path(start, goal, succ, cnt, rng):
    """A uniform random start -> goal path among those with at most len(cnt) - 1 edges."""
    length = _pick([cnt[l][start] for l in range(len(cnt))], rng)
    path, v = [start], start
    for remaining in range(length, 0, -1):
        options = succ[v]
        v = options[_pick([cnt[remaining - 1][w] for w in options], rng)]
        path.append(v)
    return path


def encode(start, goal, path):
    prompt = [NODE0 + goal, NODE0 + start, COLON]
    return {"ids": prompt + [NODE0 + v for v in path] + [END], "loss_from": len(prompt)}


def write_standin(out, n=100, p=0.1, seed=0, context_length=32, test_fraction=0.1, paths_per_pair=10):
    rng = random.Random(seed)
    edges = bernoulli_dag(n, p, rng)
    succ = [[] for _ in range(n)]
    for i, j in edges:
        succ[i].append(j)
    max_edges = context_length - 3 - 2  # prompt (3) + END (1) + nodes (edges + 1) must fit
    counts = {g: path_counts(n, succ, g, max_edges) for g in range(n)}
    pairs = [(s, g) for g in range(n) for s in range(g) if any(c[s] for c in counts[g])]
    rng.shuffle(pairs)
    n_test = int(len(pairs) * test_fraction)
    test_pairs, train_pairs = sorted(pairs[:n_test]), sorted(pairs[n_test:])
    os.makedirs(out, exist_ok=True)
    meta = {
        "schema": "graphnav.task/1", "standin": True, "kind": "bernoulli",
        "params": {"n": n, "p": p, "seed": seed}, "edges": [list(e) for e in edges],
        "tokens": TOKENS, "vocab_size": NODE0 + n, "context_length": context_length, "format": "stepwise",
        "train_pairs": [list(x) for x in train_pairs], "test_pairs": [list(x) for x in test_pairs],
    }
    with open(os.path.join(out, "task.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f)
    with open(os.path.join(out, "train.jsonl"), "w", encoding="utf-8") as f:
        for s, g in train_pairs:
            for _ in range(paths_per_pair):
                f.write(json.dumps(encode(s, g, sample_path(s, g, succ, counts[g], rng))) + "\n")
    with open(os.path.join(out, "test.jsonl"), "w", encoding="utf-8") as f:
        for s, g in test_pairs:
            row = encode(s, g, sample_path(s, g, succ, counts[g], rng))
            row.update(start=s, goal=g)
            f.write(json.dumps(row) + "\n")
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="Write a STAND-IN Bernoulli task directory (tests only).")
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--p", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    print(write_standin(a.out, a.n, a.p, a.seed))
