"""
Train elsewhere, evaluate with graphnav: train the paper-A GPT in PyTorch on a task directory
written by `graphnav task export --out DIR`, report held-out validity, and export ONNX that
`graphnav` evaluates (ONNX I/O contract of docs/DESIGN.md).

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 train_export.py \
        --task DIR --steps 1500 --batch 64 --lr 1e-3 --seed 0 --out model.onnx [--tokens nodes-first]

Token ids are the ones task.json declares; --tokens nodes-first re-writes the task in the layout
most hand-written tokenizers use (nodes 0..N-1, then ':', END, PAD: vocabulary N + 3 for a task
without unreachable pairs) and exports an ONNX file whose graphnav.task metadata declares exactly
those ids, so `graphnav evaluate model.onnx` needs no --task.

Without --task it writes a STAND-IN Bernoulli(100, 0.1) task (standin_task.py) to a temporary
directory and says so loudly: that is for testing this script, not for results.

Training: AdamW (betas 0.9/0.999, eps 1e-8, --weight-decay, default 0) at a constant learning
rate; batches drawn from train.jsonl by a seeded permutation per epoch; loss on completion
tokens only. Evaluation: greedy completion (KV cache, stop at END) of every test prompt, scored
valid / misstep / planning / format against task.json's edges (graphtask.score_row; answers that
are not paths, such as NOPATH, must match exactly).
ONNX: opset 17, input `input_ids` int64 [batch, sequence], output `logits` float32
[batch, sequence, vocab], both axes dynamic; metadata_props graphnav.task = task.json verbatim.
"""

import argparse
import collections
import os
import sys
import tempfile
import time

import numpy as np
import torch

import graphtask
from gpt import GPT, GPTConfig, save_checkpoint


def train(model, task, steps, batch, lr, weight_decay, seed, log_every=100):
    opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=weight_decay)
    rng = np.random.RandomState(seed)
    order, cursor = rng.permutation(len(task.train)), 0
    model.train()
    t0, losses = time.perf_counter(), []
    for step in range(1, steps + 1):
        if cursor + batch > len(order):  # new epoch: a fresh permutation
            order, cursor = rng.permutation(len(task.train)), 0
        rows = [task.train[i] for i in order[cursor:cursor + batch]]
        cursor += batch
        x, y = graphtask.make_batch(rows, task.context_length, task.tokens.pad if task.tokens.pad is not None else 0)
        _, loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if step % log_every == 0 or step == steps:
            dt = time.perf_counter() - t0
            print(f"step {step:>6}/{steps}  loss {np.mean(losses[-log_every:]):.4f}  "
                  f"{step * batch * task.context_length / dt:,.0f} tokens/s", flush=True)
    return losses


@torch.no_grad()
def evaluate(model, task, rows, batch=256):
    """Greedy completion of each row's prompt; returns Counter of outcomes."""
    model.eval()
    outcomes = collections.Counter()
    by_len = collections.defaultdict(list)
    for r in rows:
        by_len[r["loss_from"]].append(r)  # generate prompts of equal length together
    for plen, group in by_len.items():
        for i in range(0, len(group), batch):
            chunk = group[i:i + batch]
            prompts = torch.tensor([graphtask.prompt_of(r) for r in chunk], dtype=torch.long)
            out = model.generate(prompts, task.context_length - plen, temperature=0.0, stop_token=task.tokens.end)
            for r, seq in zip(chunk, out.tolist()):
                outcomes[graphtask.score_row(r, seq[plen:], task.edges, task.tokens)] += 1
    return outcomes


class LogitsOnly(torch.nn.Module):
    """input_ids (B, T) int64 -> logits (B, T, V): the ONNX contract's signature."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids):
        return self.model(input_ids)[0]


def export_onnx(model, task_text, path):
    import onnx  # only needed here

    model.eval()
    example = torch.zeros((2, model.config.block_size), dtype=torch.long)
    torch.onnx.export(LogitsOnly(model), (example,), path, opset_version=17,
                      input_names=["input_ids"], output_names=["logits"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch", 1: "sequence"}})
    proto = onnx.load(path)
    for key, value in (("graphnav.task", task_text), ("graphnav.producer", "Benchmarks/reference/train_export.py")):
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(proto)
    onnx.save(proto, path)


def main():
    ap = argparse.ArgumentParser(description="Train the paper-A GPT on a GraphNav task directory and export ONNX.")
    ap.add_argument("--task", help="task directory from `graphnav task export --out DIR` (default: a STAND-IN task)")
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--n-layer", type=int, default=2)
    ap.add_argument("--n-head", type=int, default=2)
    ap.add_argument("--n-embd", type=int, default=64)
    ap.add_argument("--untied", action="store_true", help="separate lm head instead of tying it to wte")
    ap.add_argument("--tokens", choices=["task", "nodes-first"], default="task",
                    help="token ids: as task.json declares them (default), or nodes-first (nodes 0..N-1, then ':', END, PAD), "
                         "re-written here as a user's own tokenizer would; the ONNX metadata then declares exactly those ids")
    ap.add_argument("--out", default="model.onnx", help="ONNX file to write")
    ap.add_argument("--checkpoint", help="also write the weights as safetensors with llm.c names (for the C# engine)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    task_dir = args.task
    if task_dir is None:
        from standin_task import write_standin
        task_dir = write_standin(tempfile.mkdtemp(prefix="graphnav-standin-"), seed=args.seed)
        print("!" * 78 + f"\nNo --task given: using a STAND-IN Bernoulli(100, 0.1) task in {task_dir}.\n"
              "It is for testing this script only; use `graphnav task export --out DIR` for real data.\n"
              + "!" * 78, file=sys.stderr)
    task = graphtask.load_task(task_dir)
    if args.tokens == "nodes-first":
        task = graphtask.nodes_first(task)
    config = GPTConfig(block_size=task.context_length, vocab_size=task.vocab_size, n_layer=args.n_layer,
                       n_head=args.n_head, n_embd=args.n_embd, tied=not args.untied)
    print(f"task {task.source}: {len(task.train)} train / {len(task.test)} test sequences, "
          f"T={task.context_length}, V={task.vocab_size}, {len(task.edges)} edges, ids {task.tokens.as_json()} "
          f"and nodes from {task.tokens.node0}")

    torch.manual_seed(args.seed)
    model = GPT(config)
    print(f"model {config} ({model.num_params():,} parameters)")
    train(model, task, args.steps, args.batch, args.lr, args.weight_decay, args.seed)

    sample = np.random.RandomState(args.seed + 1).choice(len(task.train), min(len(task.test), len(task.train)), replace=False)
    for name, rows in (("held-out (test.jsonl)", task.test), ("train sample", [task.train[i] for i in sample])):
        counts = evaluate(model, task, rows)
        total = sum(counts.values())
        print(f"{name}: valid {counts['valid'] / max(total, 1):.2%} of {total} "
              f"(misstep {counts['misstep']}, planning {counts['planning']}, format {counts['format']})")

    if args.checkpoint:
        save_checkpoint(args.checkpoint, model)
        print(f"wrote {args.checkpoint}")
    export_onnx(model, task.text, args.out)
    print(f"wrote {args.out} ({os.path.getsize(args.out):,} bytes); evaluate it with graphnav")


if __name__ == "__main__":
    main()
