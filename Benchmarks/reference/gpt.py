"""
The PyTorch reference of GraphNav's transformer: the model the C# engine implements, written
once more in plain PyTorch so that (1) speed can be measured side by side on the same machine
(bench.py) and (2) a model can be trained outside GraphNav and brought back as ONNX
(train_export.py). Clarity over speed: this is the anchor, not a competitor.

The model, exactly as the C# engine defines it
----------------------------------------------
Dimensions: B batch, T sequence, C channels, NH heads, HS = C / NH head size, V vocabulary,
L layers, maxT context length (block_size).

    x   = wte[idx] + wpe[0..T-1]                                  # (B, T, C)
    for each of the L blocks (pre-LayerNorm):
        x = x + attn_proj(attention(LN1(x)))                      # (B, T, C)
        x = x + fc_proj(GELU(fc(LN2(x))))                         # fc: C -> 4C, fc_proj: 4C -> C
    x      = LNf(x)                                               # optional (final_ln)
    logits = x @ wte^T      (tied; untied: x @ lm_head^T, no bias) # (B, T, V)

- attention: qkv = Linear(C, 3C) with layout [q | k | v]; head h uses channels h*HS..(h+1)*HS of
  each of q, k, v; scores q k^T / sqrt(HS), causal mask (key j visible to query i iff j <= i;
  no mask when causal=False), softmax over keys, weighted sum of v, heads concatenated in order.
- GELU is the exact one, 0.5 x (1 + erf(x / sqrt 2)), not the tanh approximation.
- LayerNorm eps is 1e-5 everywhere (biased variance, as torch.nn.LayerNorm).
- use_mlp=False drops the MLP half of every block (attention-only variant).
- Biases on every Linear except the untied lm head; the tied head has no bias either.
- Init: every weight N(0, 0.02); the residual output projections (attn_proj, fc_proj)
  N(0, 0.02 / sqrt(2L)); biases 0; LayerNorm weight 1, bias 0.

Exchange with the C# engine: llm.c-style stacked parameter names (see LLMC_NAMES), converted
by to_llmc / from_llmc and stored as safetensors (save_safetensors / load_safetensors), with
the config in the header's __metadata__.
"""

import json
import math
from dataclasses import asdict, dataclass, fields

import numpy as np
import torch
import torch.nn as nn
from torch.nn import functional as F


@dataclass
class GPTConfig:
    block_size: int = 32      # maxT: context length; wpe has this many rows
    vocab_size: int = 106     # V: 6 special tokens + N graph nodes (N=100 at quick scale)
    n_layer: int = 2          # L: number of blocks
    n_head: int = 2           # NH: attention heads per block; C must be divisible by NH
    n_embd: int = 64          # C: channels (d_model)
    use_mlp: bool = True      # False gives the attention-only variant (no fc / fc_proj)
    final_ln: bool = True     # apply LNf before the head
    causal: bool = True       # False gives the encoder (bidirectional attention)
    tied: bool = True         # lm head shares wte; False adds lmheadw [V, C] (no bias)


LN_EPS = 1e-5


class CausalSelfAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        assert config.n_embd % config.n_head == 0, "n_embd must be divisible by n_head"
        self.n_head = config.n_head
        self.n_embd = config.n_embd
        self.causal = config.causal
        self.qkv = nn.Linear(config.n_embd, 3 * config.n_embd)   # [q | k | v]
        self.proj = nn.Linear(config.n_embd, config.n_embd)
        # mask[i, j] is True where query i may not see key j; not a parameter, not saved
        future = torch.triu(torch.ones(config.block_size, config.block_size, dtype=torch.bool), 1)
        self.register_buffer("future", future, persistent=False)

    def forward(self, x, cache=None, pos=0):
        """x: (B, T, C) for absolute positions pos..pos+T-1. cache: None, or a pair of tensors
        (B, NH, maxT, HS) that receive this call's keys and values at pos..pos+T-1; attention then
        covers keys 0..pos+T-1 (the KV cache of generation)."""
        B, T, C = x.size()
        hs = self.n_embd // self.n_head  # from the config, not x: a constant when tracing for ONNX
        q, k, v = self.qkv(x).split(self.n_embd, dim=2)
        q = q.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, NH, T, HS)
        k = k.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, NH, T, HS)
        v = v.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, NH, T, HS)
        if cache is not None:
            k_cache, v_cache = cache
            k_cache[:, :, pos:pos + T] = k
            v_cache[:, :, pos:pos + T] = v
            k = k_cache[:, :, :pos + T]  # (B, NH, pos+T, HS)
            v = v_cache[:, :, :pos + T]
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))  # (B, NH, T, pos+T)
        if self.causal:
            att = att.masked_fill(self.future[pos:pos + T, :pos + T], float("-inf"))
        att = F.softmax(att, dim=-1)
        y = att @ v  # (B, NH, T, HS)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # heads side by side again
        return self.proj(y)


class MLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.fc = nn.Linear(config.n_embd, 4 * config.n_embd)
        self.gelu = nn.GELU()  # approximate='none': the exact erf GELU
        self.proj = nn.Linear(4 * config.n_embd, config.n_embd)

    def forward(self, x):
        return self.proj(self.gelu(self.fc(x)))


class Block(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd, eps=LN_EPS)
        self.attn = CausalSelfAttention(config)
        self.use_mlp = config.use_mlp
        if config.use_mlp:
            self.ln_2 = nn.LayerNorm(config.n_embd, eps=LN_EPS)
            self.mlp = MLP(config)

    def forward(self, x, cache=None, pos=0):
        x = x + self.attn(self.ln_1(x), cache, pos)
        if self.use_mlp:
            x = x + self.mlp(self.ln_2(x))
        return x


class GPT(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.wte = nn.Embedding(config.vocab_size, config.n_embd)
        self.wpe = nn.Embedding(config.block_size, config.n_embd)
        self.h = nn.ModuleList([Block(config) for _ in range(config.n_layer)])
        self.ln_f = nn.LayerNorm(config.n_embd, eps=LN_EPS) if config.final_ln else None
        self.lm_head = None if config.tied else nn.Linear(config.n_embd, config.vocab_size, bias=False)
        self.reset_parameters()

    def reset_parameters(self):
        """The engine's init. Uses torch's global generator: seed it with torch.manual_seed."""
        std_residual = 0.02 / math.sqrt(2 * self.config.n_layer)
        for name, p in self.named_parameters():
            if name.endswith("attn.proj.weight") or name.endswith("mlp.proj.weight"):
                nn.init.normal_(p, 0.0, std_residual)
            elif name.startswith("ln") or ".ln_" in name:
                nn.init.ones_(p) if name.endswith("weight") else nn.init.zeros_(p)
            elif name.endswith("bias"):
                nn.init.zeros_(p)
            else:
                nn.init.normal_(p, 0.0, 0.02)

    def num_params(self):
        return sum(p.numel() for p in self.parameters())

    def forward(self, idx, targets=None, caches=None, pos=0, last_only=False):
        """idx: (B, T) token ids at absolute positions pos..pos+T-1. targets: (B, T) with -1 where
        ignored. Returns (logits, loss): logits (B, T, V), or (B, 1, V) with last_only; loss is the
        mean cross-entropy over non-ignored targets, or None."""
        B, T = idx.size()
        if not torch.jit.is_tracing():  # during ONNX export T is symbolic
            assert pos + T <= self.config.block_size, f"sequence of {pos + T} exceeds block_size {self.config.block_size}"
        positions = torch.arange(pos, pos + T, dtype=torch.long, device=idx.device)
        x = self.wte(idx) + self.wpe(positions)  # (B, T, C)
        for layer, block in enumerate(self.h):
            x = block(x, None if caches is None else caches[layer], pos)
        if self.ln_f is not None:
            x = self.ln_f(x)
        if last_only:
            x = x[:, -1:, :]  # generation needs only the last position's logits
        head = self.wte.weight if self.lm_head is None else self.lm_head.weight  # (V, C)
        logits = x @ head.t()  # (B, T, V)
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1), ignore_index=-1)
        return logits, loss

    def new_caches(self, batch):
        """Empty KV cache: per layer a (key, value) pair of (B, NH, maxT, HS) tensors."""
        c = self.config
        shape = (batch, c.n_head, c.block_size, c.n_embd // c.n_head)
        dtype = self.wte.weight.dtype
        return [(torch.zeros(shape, dtype=dtype), torch.zeros(shape, dtype=dtype)) for _ in range(c.n_layer)]

    @torch.no_grad()
    def generate(self, idx, max_new_tokens, temperature=0.0, stop_token=None, use_kv_cache=True,
                 generator=None, pad_token=0):
        """Continue every row of idx (B, P) by up to max_new_tokens tokens (never past block_size).
        temperature 0 is greedy (argmax); otherwise sample from softmax(logits / temperature) with
        `generator` (a seeded torch.Generator). A row that has emitted stop_token is finished: it
        keeps the stop token and is padded with pad_token afterwards; generation ends when every
        row is finished. Returns (B, P + n) with n <= max_new_tokens new tokens."""
        assert self.config.causal, "generation needs a causal (decoder) model"
        B, P = idx.size()
        n_new = min(max_new_tokens, self.config.block_size - P)
        caches = self.new_caches(B) if use_kv_cache else None
        finished = torch.zeros(B, dtype=torch.bool)
        out = idx
        step_input, pos = idx, 0
        for _ in range(n_new):
            if use_kv_cache:
                logits, _ = self(step_input, caches=caches, pos=pos, last_only=True)
                pos += step_input.size(1)
            else:
                logits, _ = self(out, last_only=True)  # recompute the whole prefix every step
            logits = logits[:, -1, :]  # (B, V)
            if temperature == 0.0:
                nxt = torch.argmax(logits, dim=-1, keepdim=True)  # (B, 1)
            else:
                probs = F.softmax(logits / temperature, dim=-1)
                nxt = torch.multinomial(probs, 1, generator=generator)  # (B, 1)
            if stop_token is not None:
                nxt = nxt.masked_fill(finished.unsqueeze(1), pad_token)
                finished |= nxt.squeeze(1) == stop_token
            out = torch.cat([out, nxt], dim=1)
            step_input = nxt
            if stop_token is not None and bool(finished.all()):
                break
        return out


# ---------------------------------------------------------------------------------------------
# Exchange with the C# engine: llm.c-style stacked names, safetensors files.

# name -> shape in terms of the config (L layers stacked on the first axis)
LLMC_NAMES = ["wte", "wpe", "ln1w", "ln1b", "qkvw", "qkvb", "attprojw", "attprojb",
              "ln2w", "ln2b", "fcw", "fcb", "fcprojw", "fcprojb", "lnfw", "lnfb", "lmheadw"]

# llm.c name -> per-block parameter of this module (stacked over blocks)
_PER_LAYER = {
    "ln1w": "ln_1.weight", "ln1b": "ln_1.bias",
    "qkvw": "attn.qkv.weight", "qkvb": "attn.qkv.bias",          # (3C, C), (3C)
    "attprojw": "attn.proj.weight", "attprojb": "attn.proj.bias",  # (C, C), (C)
    "ln2w": "ln_2.weight", "ln2b": "ln_2.bias",
    "fcw": "mlp.fc.weight", "fcb": "mlp.fc.bias",                  # (4C, C), (4C)
    "fcprojw": "mlp.proj.weight", "fcprojb": "mlp.proj.bias",      # (C, 4C), (C)
}
_MLP_NAMES = {"ln2w", "ln2b", "fcw", "fcb", "fcprojw", "fcprojb"}


def _present_names(config):
    names = ["wte", "wpe"] + [n for n in _PER_LAYER if config.use_mlp or n not in _MLP_NAMES]
    if config.final_ln:
        names += ["lnfw", "lnfb"]
    if not config.tied:
        names.append("lmheadw")
    return names


def to_llmc(model):
    """The model's parameters as {llm.c name: float32 numpy array}; per-layer tensors stacked
    to (L, ...). Absent parts (no MLP, no final LN, tied head) are simply left out."""
    sd = {k: v.detach().cpu().float().numpy() for k, v in model.state_dict().items()}
    L = model.config.n_layer
    out = {"wte": sd["wte.weight"], "wpe": sd["wpe.weight"]}
    for name in _present_names(model.config):
        if name in _PER_LAYER:
            out[name] = np.stack([sd[f"h.{l}.{_PER_LAYER[name]}"] for l in range(L)])
    if model.config.final_ln:
        out["lnfw"], out["lnfb"] = sd["ln_f.weight"], sd["ln_f.bias"]
    if not model.config.tied:
        out["lmheadw"] = sd["lm_head.weight"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in out.items()}


def from_llmc(tensors, config):
    """A GPT with `config` whose parameters are the llm.c-named arrays `tensors`. Every expected
    name must be present with the expected shape; unknown names are an error too."""
    model = GPT(config)
    expected = _present_names(config)
    missing = [n for n in expected if n not in tensors]
    extra = [n for n in tensors if n not in expected]
    if missing or extra:
        raise ValueError(f"llm.c tensors do not match the config: missing {missing}, unexpected {extra}")
    sd = {"wte.weight": tensors["wte"], "wpe.weight": tensors["wpe"]}
    for name in expected:
        if name in _PER_LAYER:
            stacked = tensors[name]
            if stacked.shape[0] != config.n_layer:
                raise ValueError(f"'{name}' has {stacked.shape[0]} layers, config says {config.n_layer}")
            for l in range(config.n_layer):
                sd[f"h.{l}.{_PER_LAYER[name]}"] = stacked[l]
    if config.final_ln:
        sd["ln_f.weight"], sd["ln_f.bias"] = tensors["lnfw"], tensors["lnfb"]
    if not config.tied:
        sd["lm_head.weight"] = tensors["lmheadw"]
    own = model.state_dict()
    for k, v in sd.items():
        if tuple(v.shape) != tuple(own[k].shape):
            raise ValueError(f"tensor for '{k}' has shape {tuple(v.shape)}, expected {tuple(own[k].shape)}")
    model.load_state_dict({k: torch.from_numpy(np.array(v, dtype=np.float32)) for k, v in sd.items()})
    return model


# safetensors: 8-byte little-endian header length N, N bytes of JSON header
# {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}},
# then the raw little-endian tensor bytes, offsets relative to the end of the header.
_DTYPES = {"F32": np.dtype("<f4"), "F64": np.dtype("<f8"), "I64": np.dtype("<i8"), "I32": np.dtype("<i4")}


def save_safetensors(path, tensors, metadata=None):
    """Write {name: numpy array} to `path`; metadata values must be strings."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        arr = np.asarray(tensors[name])
        code = next((c for c, d in _DTYPES.items() if d == arr.dtype.newbyteorder("<")), None)
        if code is None:
            raise ValueError(f"tensor '{name}' has dtype {arr.dtype}; supported: float32/64, int32/64")
        data = np.ascontiguousarray(arr, dtype=_DTYPES[code]).tobytes()
        header[name] = {"dtype": code, "shape": list(arr.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * (-len(head) % 8)  # pad so tensor data starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(len(head).to_bytes(8, "little"))
        f.write(head)
        for b in blobs:
            f.write(b)


def load_safetensors(path):
    """Read a safetensors file: returns ({name: numpy array}, metadata dict)."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: too short for a safetensors file")
    n = int.from_bytes(raw[:8], "little")
    if n > len(raw) - 8:
        raise ValueError(f"{path}: header length {n} exceeds the file ({len(raw)} bytes); truncated?")
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    body = memoryview(raw)[8 + n:]
    tensors = {}
    for name, info in header.items():
        if info["dtype"] not in _DTYPES:
            raise ValueError(f"{path}: tensor '{name}' has unsupported dtype {info['dtype']}")
        begin, end = info["data_offsets"]
        dtype = _DTYPES[info["dtype"]]
        count = int(np.prod(info["shape"])) if info["shape"] else 1
        if end > len(body) or end - begin != count * dtype.itemsize:
            raise ValueError(f"{path}: tensor '{name}' has bad data_offsets {info['data_offsets']}; truncated?")
        tensors[name] = np.frombuffer(body[begin:end], dtype=dtype).reshape(info["shape"]).copy()
    return tensors, metadata


def save_checkpoint(path, model):
    """The model as a safetensors file with llm.c names; the config is __metadata__["config"]."""
    save_safetensors(path, to_llmc(model), {"config": json.dumps(asdict(model.config)), "format": "graphnav.gpt/llmc"})


def load_checkpoint(path):
    """A GPT from a file written by save_checkpoint (or the C# engine with the same names)."""
    tensors, metadata = load_safetensors(path)
    if "config" not in metadata:
        raise ValueError(f"{path}: no 'config' in the safetensors __metadata__; cannot build the model")
    raw = json.loads(metadata["config"])
    known = {f.name for f in fields(GPTConfig)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValueError(f"{path}: unknown config fields {unknown}; known: {sorted(known)}")
    return from_llmc(tensors, GPTConfig(**raw))
