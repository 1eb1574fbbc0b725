"""
Reading a GraphNav task directory (written by `graphnav task export --out DIR`) and scoring
generated paths against its graph.

DIR/task.json   schema "graphnav.task/1"; read here: context_length, the vocabulary size
                (vocab_size, or the `tokens` map), and `edges`. Everything else is carried opaque.
DIR/train.jsonl one {"ids": [...], "loss_from": k} per line: the unpadded prompt + completion;
DIR/test.jsonl  ids[loss_from] is the first completion token. Test lines also carry start/goal.

Token ids come from task.json: `tokens` (special name -> id; a task may leave out the specials it
does not use) and `node_token_base` (node k -> node_token_base + k). Without them, the defaults:
PAD 0, ':' 1, END 2, PATH 3, NOPATH 4, EXEMPLAR 5, node k -> 6 + k.
Prompt = [goal, start, ':'] (possibly preceded by exemplars); completion = start ... goal END.
"""

import json
import os

import numpy as np
import torch

PAD, COLON, END, PATH, NOPATH, EXEMPLAR = 0, 1, 2, 3, 4, 5
NODE0 = 6  # id of node 0
IGNORE = -1  # target value the loss skips
SPECIALS = ("PAD", ":", "END", "PATH", "NOPATH", "EXEMPLAR")


class Tokens:
    """A task's id layout: the specials it declares (absent ones are None) and node k -> node0 + k."""

    def __init__(self, specials, node0, nodes):
        unknown = set(specials) - set(SPECIALS)
        if unknown:
            raise ValueError(f"unknown special token(s) {sorted(unknown)}; known: {SPECIALS}")
        self.specials, self.node0, self.nodes = dict(specials), int(node0), int(nodes)
        self.pad, self.colon, self.end = specials.get("PAD"), specials.get(":"), specials.get("END")
        self.path, self.nopath = specials.get("PATH"), specials.get("NOPATH")
        if self.end is None or self.colon is None:
            raise ValueError("a graph task needs ':' and END token ids")
        ids = list(specials.values())
        if len(set(ids)) != len(ids) or any(self.is_node(i) for i in ids):
            raise ValueError(f"token ids collide: {specials}, nodes {node0}..{node0 + nodes - 1}")

    def is_node(self, token):
        return self.node0 <= token < self.node0 + self.nodes

    def vocab_size(self):
        return max([self.node0 + self.nodes] + [i + 1 for i in self.specials.values()])

    def as_json(self):
        return self.specials


def default_tokens(nodes):
    return Tokens({"PAD": PAD, ":": COLON, "END": END, "PATH": PATH, "NOPATH": NOPATH, "EXEMPLAR": EXEMPLAR}, NODE0, nodes)


def task_tokens(meta, edges):
    """The layout task.json declares (`tokens` as name -> id and `node_token_base`), else the defaults."""
    nodes = int(meta.get("nodes") or (max(max(e) for e in edges) + 1 if edges else 1))
    tokens = meta.get("tokens")
    if isinstance(tokens, dict) and "node_token_base" in meta:
        return Tokens({k: int(v) for k, v in tokens.items() if k in SPECIALS}, int(meta["node_token_base"]), nodes)
    return default_tokens(nodes)


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
        self.tokens = task_tokens(meta, self.edges)
        self.vocab_size = max(_vocab_size(meta, self.edges, train + test, self.tokens), self.tokens.vocab_size())
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


def _vocab_size(meta, edges, rows, layout):
    """The smallest V that covers the declared vocabulary, every node of the graph and every id."""
    v = 1
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
        v = max(v, layout.node0 + max(max(e) for e in edges) + 1)
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


def make_batch(rows, T, pad=PAD):
    """Inputs (B, T) int64 padded with `pad`, and targets (B, T): ids[t+1] where t+1 is a completion
    position (loss_from <= t+1 < len(ids)), else IGNORE. Padding follows every position that carries
    a loss, so for a causal model its id does not matter; a task without PAD can pass any id."""
    x = np.full((len(rows), T), pad, dtype=np.int64)
    y = np.full((len(rows), T), IGNORE, dtype=np.int64)
    for b, r in enumerate(rows):
        ids, k = r["ids"], r["loss_from"]
        x[b, :len(ids)] = ids
        for t in range(max(k - 1, 0), len(ids) - 1):
            y[b, t] = ids[t + 1]
    return torch.from_numpy(x), torch.from_numpy(y)


def prompt_of(row):
    return row["ids"][:row["loss_from"]]


def classify(completion, start, goal, edges, tokens=None):
    """Outcome of one completion (token ids after the prompt) for a reachable pair; start/goal
    are node numbers. Returns 'valid', 'misstep', 'planning' or 'format' (docs/PHENOMENA.md §1)."""
    tokens = tokens or default_tokens(1 << 30)
    nodes, ended = [], False
    for tok in completion:
        if tok == tokens.end:
            ended = True
            break
        if not tokens.is_node(tok):
            # a non-node token before the path ends; a declared special in place of a path is a format error
            return "format" if not nodes and tok in tokens.specials.values() else "misstep"
        nodes.append(tok - tokens.node0)
    if not nodes:
        return "format"
    if nodes[0] != start:
        return "misstep"
    if any((a, b) not in edges for a, b in zip(nodes, nodes[1:])):
        return "misstep"
    if ended and nodes[-1] == goal and goal not in nodes[:-1]:
        return "valid"
    return "planning"  # ended early, ran past the goal, or ran out of context


def score_row(row, generated, edges, tokens=None):
    """Outcome for one task line given the generated completion (ids after the prompt). A reference
    completion that is a node path is scored by classify(); one that is not (PATH/NOPATH answers
    of the direct format, NOPATH for unreachable pairs) must be reproduced exactly up to END:
    'valid' if it is, else 'format'."""
    tokens = tokens or default_tokens(1 << 30)
    prompt, reference = prompt_of(row), row["ids"][row["loss_from"]:]
    if reference and not tokens.is_node(reference[0]):
        end = generated.index(tokens.end) + 1 if tokens.end in generated else len(generated)
        return "valid" if generated[:end] == reference else "format"
    goal, start = prompt[-3] - tokens.node0, prompt[-2] - tokens.node0  # prompt ends [goal, start, ':']
    return classify(generated, start, goal, edges, tokens)


def nodes_first(task):
    """The task re-written in the nodes-first layout most hand-written tokenizers use: nodes 0..N-1,
    then ':' N, END N+1, PAD N+2 (NOPATH, PATH after those, only if the task's lines use them) --
    the layout `graphnav task export --tokens nodes-first` writes. Returns a new Task whose text
    (the ONNX graphnav.task metadata) declares exactly those ids."""
    old, n = task.tokens, task.tokens.nodes
    specials = {":": n, "END": n + 1, "PAD": n + 2}
    used = {t for r in task.train + task.test for t in r["ids"] if not old.is_node(t)}
    for name, old_id in (("NOPATH", old.nopath), ("PATH", old.path)):
        if old_id is not None and old_id in used:
            specials[name] = n + len(specials)
    new = Tokens(specials, 0, n)
    mapping = {old.specials[name]: new_id for name, new_id in specials.items() if name in old.specials}
    if used - set(mapping):
        raise ValueError(f"{task.source}: ids {sorted(used - set(mapping))} are neither nodes nor ':', END, PATH, NOPATH")

    def remap(row):
        ids = [t - old.node0 if old.is_node(t) else mapping[t] for t in row["ids"]]
        return dict(row, ids=ids)

    meta = dict(task.meta, tokens=specials, node_token_base=0, vocabulary_size=new.vocab_size())
    meta.pop("vocab_size", None)
    import json as _json
    return Task(_json.dumps(meta, separators=(",", ":")), meta, [remap(r) for r in task.train],
                [remap(r) for r in task.test], task.source + " (nodes-first)")
