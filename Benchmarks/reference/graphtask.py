"""
Reading a GraphNav task directory (written by `graphnav task export --out DIR`) and scoring
generated paths against its graph.

DIR/task.json   schema "graphnav.task/1"; read here: context_length, the vocabulary size
                (vocab_size, or the `tokens` map), and `edges`. Everything else is carried opaque.
DIR/train.jsonl one {"ids": [...], "loss_from": k} per line: the unpadded prompt + completion;
DIR/test.jsonl  ids[loss_from] is the first completion token. Test lines also carry start/goal.

Token ids: PAD 0, ':' 1, END 2, PATH 3, NOPATH 4, EXEMPLAR 5, node k -> 6 + k.
Prompt = [goal, start, ':'] (possibly preceded by exemplars); completion = start ... goal END.
"""

import json
import os

import numpy as np
import torch

PAD, COLON, END, PATH, NOPATH, EXEMPLAR = 0, 1, 2, 3, 4, 5
NODE0 = 6  # id of node 0
IGNORE = -1  # target value the loss skips


class Task:
    """A loaded task directory. text: task.json verbatim (for ONNX metadata); meta: its JSON;
    train/test: lists of {"ids", "loss_from", ...}; edges: set of (i, j) node pairs;
    context_length: T; vocab_size: V the model needs."""

    def __init__(self, text, meta, train, test, source):
        self.text, self.meta, self.train, self.test, self.source = text, meta, train, test, source
        if "context_length" not in meta:
            raise ValueError(f"{source}: task.json has no 'context_length'")
        self.context_length = int(meta["context_length"])
        self.edges = parse_edges(meta.get("edges", []), source)
        self.vocab_size = _vocab_size(meta, self.edges, train + test)
        for split, rows in (("train", train), ("test", test)):
            for i, r in enumerate(rows):
                if len(r["ids"]) > self.context_length:
                    raise ValueError(f"{source}: {split} line {i + 1} has {len(r['ids'])} ids, "
                                     f"more than context_length {self.context_length}")


def parse_edges(raw, source):
    """Edges as a set of (i, j) node numbers. Accepts [[i, j], ...] or [{"from": i, "to": j}, ...]
    (also src/dst, source/target)."""
    edges = set()
    for e in raw:
        if isinstance(e, (list, tuple)) and len(e) == 2:
            edges.add((int(e[0]), int(e[1])))
        elif isinstance(e, dict):
            for a, b in (("from", "to"), ("src", "dst"), ("source", "target")):
                if a in e and b in e:
                    edges.add((int(e[a]), int(e[b])))
                    break
            else:
                raise ValueError(f"{source}: edge {e} has none of from/to, src/dst, source/target")
        else:
            raise ValueError(f"{source}: edge {e!r} is neither [i, j] nor an object")
    return edges


def _vocab_size(meta, edges, rows):
    """The smallest V that covers the declared vocabulary, every node of the graph and every id."""
    v = NODE0
    if "vocab_size" in meta:
        v = max(v, int(meta["vocab_size"]))
    tokens = meta.get("tokens")
    if isinstance(tokens, list):
        v = max(v, len(tokens))
    elif isinstance(tokens, dict):
        ids = [x for x in tokens.values() if isinstance(x, int)]
        if "vocab_size" in tokens:
            v = max(v, int(tokens["vocab_size"]))
        if ids:
            v = max(v, max(ids) + 1)
    if edges:
        v = max(v, NODE0 + max(max(e) for e in edges) + 1)
    if rows:
        v = max(v, max(max(r["ids"]) for r in rows) + 1)
    return v


def _read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not JSON ({e})") from None
            if "ids" not in r or "loss_from" not in r:
                raise ValueError(f"{path}:{n}: expected an object with 'ids' and 'loss_from'")
            rows.append(r)
    return rows


def load_task(path):
    """Load a task directory, or a task.json inside one."""
    d = os.path.dirname(path) if os.path.isfile(path) else path
    task_json = os.path.join(d, "task.json")
    if not os.path.isfile(task_json):
        raise FileNotFoundError(f"{path}: no task.json; expected the output of `graphnav task export --out DIR`")
    with open(task_json, encoding="utf-8") as f:
        text = f.read()
    meta = json.loads(text)
    if meta.get("schema") != "graphnav.task/1":
        raise ValueError(f"{task_json}: schema is {meta.get('schema')!r}, expected 'graphnav.task/1'")
    train = _read_jsonl(os.path.join(d, "train.jsonl"))
    test = _read_jsonl(os.path.join(d, "test.jsonl"))
    return Task(text, meta, train, test, task_json)


def make_batch(rows, T):
    """Inputs (B, T) int64 padded with PAD, and targets (B, T): ids[t+1] where t+1 is a completion
    position (loss_from <= t+1 < len(ids)), else IGNORE."""
    x = np.full((len(rows), T), PAD, dtype=np.int64)
    y = np.full((len(rows), T), IGNORE, dtype=np.int64)
    for b, r in enumerate(rows):
        ids, k = r["ids"], r["loss_from"]
        x[b, :len(ids)] = ids
        for t in range(max(k - 1, 0), len(ids) - 1):
            y[b, t] = ids[t + 1]
    return torch.from_numpy(x), torch.from_numpy(y)


def prompt_of(row):
    return row["ids"][:row["loss_from"]]


def classify(completion, start, goal, edges):
    """Outcome of one completion (token ids after the prompt) for a reachable pair; start/goal
    are node numbers. Returns 'valid', 'misstep', 'planning' or 'format' (docs/PHENOMENA.md §1)."""
    nodes, ended = [], False
    for tok in completion:
        if tok == END:
            ended = True
            break
        if tok < NODE0:
            # a non-node token before the path ends; PATH/NOPATH in place of a path is a format error
            return "format" if not nodes and tok in (PATH, NOPATH) else "misstep"
        nodes.append(tok - NODE0)
    if not nodes:
        return "format"
    if nodes[0] != start:
        return "misstep"
    if any((a, b) not in edges for a, b in zip(nodes, nodes[1:])):
        return "misstep"
    if ended and nodes[-1] == goal and goal not in nodes[:-1]:
        return "valid"
    return "planning"  # ended early, ran past the goal, or ran out of context


def score_row(row, generated, edges):
    """Outcome for one task line given the generated completion (ids after the prompt). A reference
    completion that is a node path is scored by classify(); one that is not (PATH/NOPATH answers
    of the direct format, NOPATH for unreachable pairs) must be reproduced exactly up to END:
    'valid' if it is, else 'format'."""
    prompt, reference = prompt_of(row), row["ids"][row["loss_from"]:]
    if reference and reference[0] < NODE0:
        end = generated.index(END) + 1 if END in generated else len(generated)
        return "valid" if generated[:end] == reference else "format"
    goal, start = prompt[-3] - NODE0, prompt[-2] - NODE0  # prompt ends [goal, start, ':']
    return classify(generated, start, goal, edges)
