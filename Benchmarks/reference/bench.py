"""
Side-by-side speed reference: how fast PyTorch trains and samples the paper-A GPT on this
machine. GraphNav's speed goals are ratios against these numbers, measured on the same machine:
training >= 2x at batch 64 and >= 1.5x at batch 256; KV-cache generation >= 10x at batch 1 and
>= 3x at batch 64.

Run (Debian's torch, OpenBLAS with OpenMP; see README.md):
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 bench.py --json torch.json

Measured:
- training tokens/s = B*T per AdamW step (lr 1e-3) / seconds; random token ids with every
  position a target (the loss mask does not change the work); after warm-up steps; the median of
  several timed windows of about --window seconds each.
- generation tokens/s = new tokens per second (B rows x (T - 3) tokens from a 3-token prompt, no
  stop token), greedy and temperature 1, with and without the KV cache; median of windows.
"""

import argparse
import ctypes
import json
import math
import os
import platform
import re
import statistics
import sys
import time

import torch

from gpt import GPT, GPTConfig

OPENMP_BLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-openmp"
RUN_HINT = (f"LD_LIBRARY_PATH={OPENMP_BLAS_DIR} /usr/bin/python3 bench.py ...   "
            "(after: apt-get install python3-torch libopenblas0-openmp)")


def _mappings():
    """(low, high, path) of every file mapped into this process, from /proc/self/maps."""
    out = []
    with open("/proc/self/maps") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 6 and parts[-1].startswith("/"):
                low, high = (int(x, 16) for x in parts[0].split("-"))
                out.append((low, high, parts[-1]))
    return out


def loaded_blas():
    """Paths of the BLAS/LAPACK libraries mapped into this process (torch links them at import)."""
    return sorted({p for _, _, p in _mappings() if "blas" in os.path.basename(p) or "lapack" in os.path.basename(p)})


def sgemm_provider():
    """Path of the library whose sgemm_ torch's matrix products actually call, or None.

    Several BLAS builds can be mapped at once (Debian's liblapack.so.3 pulls in OpenBLAS while
    libblas.so.3 is still netlib), so listing the loaded files is not enough: look the symbol up
    the way libtorch_cpu resolves it (dlsym on its handle searches its dependency tree in load
    order) and find which mapped file holds that address."""
    maps = _mappings()
    libtorch = next((p for _, _, p in maps if os.path.basename(p).startswith("libtorch_cpu")), None)
    if libtorch is None:
        return None
    try:
        address = ctypes.cast(ctypes.CDLL(libtorch).sgemm_, ctypes.c_void_p).value
    except (OSError, AttributeError):
        return None  # e.g. a wheel with MKL linked statically: no sgemm_ visible
    return next((p for low, high, p in maps if low <= address < high), None)


def blas_kind(provider):
    """'openblas-openmp' (the fair anchor), 'openblas-pthread' (fights torch's OpenMP threads,
    ~4x slower), 'netlib' (reference BLAS, ~15x slower), 'openblas-other', 'other' or 'unknown'."""
    if provider is None:
        return "unknown"
    path = os.path.realpath(provider)
    for kind in ("openblas-openmp", "openblas-pthread", "openblas-serial"):
        if kind in path:
            return kind
    if "openblas" in path:
        return "openblas-other"
    if os.path.basename(os.path.dirname(path)) == "blas" or os.path.basename(path).startswith("libblas.so"):
        return "netlib"
    return "other"


def environment(threads):
    provider = sgemm_provider()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    return {
        "torch_version": torch.__version__,
        "python": platform.python_version(),
        "executable": sys.executable,
        "threads": threads,
        "blas_kind": blas_kind(provider),
        "blas_sgemm_library": provider,
        "blas_libraries": loaded_blas(),
        "torch_blas_info": (re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show()) or [None, "?"])[1],
        "ld_library_path": os.environ.get("LD_LIBRARY_PATH", ""),
        "cpu": cpu,
        "logical_cpus": os.cpu_count(),
        "loadavg_start": os.getloadavg()[0],
        "time_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def timed_windows(run_once, amount_per_run, warmup, windows, window_s):
    """Run warm-up calls, size a window to about window_s seconds, and return the rate
    (amount per second) of each of `windows` timed windows."""
    t0 = time.perf_counter()
    for _ in range(warmup):
        run_once()
    per_run = (time.perf_counter() - t0) / max(warmup, 1)
    runs = max(1, math.ceil(window_s / max(per_run, 1e-9)))
    rates = []
    for _ in range(windows):
        t0 = time.perf_counter()
        for _ in range(runs):
            run_once()
        rates.append(runs * amount_per_run / (time.perf_counter() - t0))
    return rates


def bench_train(config, batch, args):
    torch.manual_seed(0)
    model = GPT(config)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    gen = torch.Generator().manual_seed(1)
    x = torch.randint(0, config.vocab_size, (batch, config.block_size), generator=gen)
    y = torch.randint(0, config.vocab_size, (batch, config.block_size), generator=gen)

    def step():
        opt.zero_grad(set_to_none=True)
        _, loss = model(x, y)
        loss.backward()
        opt.step()

    return timed_windows(step, batch * config.block_size, args.warmup, args.windows, args.window)


def bench_generate(config, batch, temperature, kv, args):
    torch.manual_seed(0)
    model = GPT(config)
    model.eval()
    gen = torch.Generator().manual_seed(2)
    prompt = torch.randint(6, config.vocab_size, (batch, 3), generator=gen)
    new_tokens = batch * (config.block_size - 3)

    def run():
        out = model.generate(prompt, config.block_size, temperature=temperature, use_kv_cache=kv, generator=gen)
        assert out.size(1) == config.block_size

    return timed_windows(run, new_tokens, 1, max(3, args.windows - 2), args.window)


def main():
    ap = argparse.ArgumentParser(description="PyTorch speed reference for the paper-A GPT.")
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    ap.add_argument("--json", metavar="OUT", help="also write the results to this JSON file")
    ap.add_argument("--warmup", type=int, default=5, help="warm-up training steps per batch size")
    ap.add_argument("--windows", type=int, default=5, help="timed windows per measurement (median reported)")
    ap.add_argument("--window", type=float, default=1.0, help="seconds per timed window (approx.)")
    ap.add_argument("--train-batches", default="64,256")
    ap.add_argument("--gen-batches", default="1,64,1024")
    ap.add_argument("--allow-slow-blas", action="store_true",
                    help="measure even when torch is not using OpenBLAS-openmp (results are not a fair anchor)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    env = environment(args.threads)
    print(f"torch {env['torch_version']}, {args.threads} threads, BLAS {env['blas_kind']} "
          f"(sgemm_ from {env['blas_sgemm_library']}; loaded: {', '.join(env['blas_libraries']) or 'none'})")
    if env["blas_kind"] != "openblas-openmp":
        msg = (f"torch's sgemm_ comes from {env['blas_sgemm_library']} ({env['blas_kind']}), not OpenBLAS-openmp: "
               f"the numbers are not a fair anchor (netlib ~15x, openblas-pthread ~4x slower).\n"
               f"Run instead:\n    {RUN_HINT}")
        known_slow = env["blas_kind"] in ("netlib", "openblas-pthread", "openblas-serial")
        if known_slow and not args.allow_slow_blas:
            print("ERROR: " + msg + "\n(or pass --allow-slow-blas to measure anyway)", file=sys.stderr)
            sys.exit(2)
        print("!" * 78 + "\nWARNING: " + msg + "\n" + "!" * 78, file=sys.stderr)

    busy = env["loadavg_start"] - (env["logical_cpus"] - args.threads)
    if busy > 0.5:
        print(f"WARNING: load average {env['loadavg_start']:.2f} on {env['logical_cpus']} CPUs: other processes compete "
              f"for the {args.threads} threads; OpenMP slows down badly when oversubscribed, so expect noisy, low numbers.",
              file=sys.stderr)

    config = GPTConfig()  # the paper-A GPT: L=2, C=64, NH=2, T=32, V=106
    results = {"schema": "graphnav.torchbench/1", "model": vars(config).copy(), "environment": env,
               "train_tokens_per_s": {}, "gen_tokens_per_s": {"kv": {}, "nokv": {}},
               "best_window": {}, "windows": {}}
    t_start = time.perf_counter()

    for b in [int(s) for s in args.train_batches.split(",")]:
        rates = bench_train(config, b, args)
        key = f"b{b}"
        results["train_tokens_per_s"][key] = statistics.median(rates)
        results["windows"][f"train_tokens_per_s.{key}"] = rates
        results["best_window"][f"train_tokens_per_s.{key}"] = max(rates)
        print(f"train_tokens_per_s.{key:<5} {statistics.median(rates):>12,.0f}   (windows: {', '.join(f'{r:,.0f}' for r in rates)})")

    for kv in (True, False):
        cache = "kv" if kv else "nokv"
        for b in [int(s) for s in args.gen_batches.split(",")]:
            row = results["gen_tokens_per_s"][cache].setdefault(f"b{b}", {})
            for temp, name in ((0.0, "greedy"), (1.0, "t1")):
                rates = bench_generate(config, b, temp, kv, args)
                row[name] = statistics.median(rates)
                key = f"gen_tokens_per_s.{cache}.b{b}.{name}"
                results["windows"][key] = rates
                results["best_window"][key] = max(rates)
                print(f"{key:<36} {row[name]:>12,.0f}   (windows: {', '.join(f'{r:,.0f}' for r in rates)})")

    env["loadavg_end"] = os.getloadavg()[0]
    env["seconds"] = round(time.perf_counter() - t_start, 1)
    print(f"done in {env['seconds']} s; load average {env['loadavg_start']:.2f} -> {env['loadavg_end']:.2f} "
          f"on {env['logical_cpus']} logical CPUs (other processes make these numbers noisy)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
