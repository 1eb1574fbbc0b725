"""Writes the PyTorch-exported test models for GraphNav.Export.Tests.

A tiny GPT-like decoder (2 layers, d_model 16, 2 heads, erf GELU, LayerNorm, causal mask built
with triu + where, qkv split, positions from arange) exported by torch.onnx.export at opsets 14
and 17 with dynamic batch and sequence axes, plus expected logits for fixed inputs.

Run with Debian's python3-torch and python3-onnx:  /usr/bin/python3 make_torch_models.py
The C# tests only read the outputs; they never need Python.
"""
import json
import math
import os

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB, D, HEADS, LAYERS, CONTEXT = 11, 16, 2, 2, 8
HERE = os.path.dirname(os.path.abspath(__file__))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(D)
        self.qkv = nn.Linear(D, 3 * D)
        self.proj = nn.Linear(D, D)
        self.ln2 = nn.LayerNorm(D)
        self.fc = nn.Linear(D, 4 * D)
        self.out = nn.Linear(4 * D, D)

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(D, dim=2)
        q = q.view(b, t, HEADS, D // HEADS).transpose(1, 2)
        k = k.view(b, t, HEADS, D // HEADS).transpose(1, 2)
        v = v.view(b, t, HEADS, D // HEADS).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(D // HEADS)
        future = torch.triu(torch.ones(t, t, dtype=torch.bool, device=x.device), diagonal=1)
        att = torch.where(future, torch.full_like(att, float("-inf")), att)
        y = F.softmax(att, dim=-1) @ v
        x = x + self.proj(y.transpose(1, 2).reshape(b, t, D))
        return x + self.out(F.gelu(self.fc(self.ln2(x))))  # exact (erf) GELU


class TinyGpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte = nn.Embedding(VOCAB, D)
        self.wpe = nn.Embedding(CONTEXT, D)
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
        self.ln_f = nn.LayerNorm(D)
        self.head = nn.Linear(D, VOCAB, bias=False)

    def forward(self, input_ids):
        t = input_ids.shape[1]
        x = self.wte(input_ids) + self.wpe(torch.arange(t, device=input_ids.device))
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x))


def main():
    torch.manual_seed(1234)
    model = TinyGpt().eval()
    # Fixed inputs: batch 2, sequence 5 (shorter than the context: exercises dynamic axes).
    ids = torch.tensor([[1, 5, 2, 9, 10], [0, 3, 3, 7, 4]], dtype=torch.long)
    with torch.no_grad():
        logits = model(ids)
    for opset in (14, 17):
        path = os.path.join(HERE, f"tiny_gpt_opset{opset}.onnx")
        torch.onnx.export(
            model, (ids,), path, opset_version=opset,
            input_names=["input_ids"], output_names=["logits"],
            dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch", 1: "sequence"}},
            do_constant_folding=True)
        if opset == 17:
            # Only the opset-17 file states its context; the other tests the "unknown" path.
            m = onnx.load(path)
            onnx.helper.set_model_props(m, {"graphnav.context_length": str(CONTEXT)})
            onnx.save(m, path)
        onnx.checker.check_model(onnx.load(path))
    with open(os.path.join(HERE, "tiny_gpt_expected.json"), "w") as f:
        json.dump({
            "torch_version": torch.__version__,
            "vocab": VOCAB, "context": CONTEXT,
            "batch": ids.shape[0], "sequence": ids.shape[1],
            "ids": ids.flatten().tolist(),
            "logits": [float(v) for v in logits.flatten().tolist()],
        }, f, indent=1)


if __name__ == "__main__":
    main()
