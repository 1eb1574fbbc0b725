"""
Ratios of GraphNav's speed to the PyTorch reference, measured on the same machine.

    /usr/bin/python3 compare.py torch.json graphnav.json

The reference file is bench.py's JSON; GraphNav's is either a BenchmarkDotNet full JSON report of
TrainingBenchmarks/GenerationBenchmarks (tokens/s derived from the mean time: B·32 per training
step, B·29 per generation call) or a file with bench.py's keys, nested ({"train_tokens_per_s":
{"b64": ...}}) or flat ({"train_tokens_per_s.b64": ...}). Every ratio is printed with the torch version
and BLAS of the reference file beside it, and checked against the speed goals in README.md ("The engine").
"""

import json
import sys

# key -> the ratio GraphNav must reach
GOALS = {
    "train_tokens_per_s.b64": 2.0,
    "train_tokens_per_s.b256": 1.5,
    "gen_tokens_per_s.kv.b1.greedy": 10.0,
    "gen_tokens_per_s.kv.b64.greedy": 3.0,
}


def flatten(d, prefix=""):
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out[key] = float(v)
    return out


def bdn_keys(report, threads):
    """Tokens/s under bench.py's key names from a BenchmarkDotNet full JSON report
    (TrainingBenchmarks and GenerationBenchmarks; training rows at the given engine thread count)."""
    out = {}
    for b in report.get("Benchmarks", []):
        params = dict(p.split("=", 1) for p in b.get("Parameters", "").split("&") if "=" in p)
        mean_ns = (b.get("Statistics") or {}).get("Mean")
        if not mean_ns:
            continue
        batch = int(params.get("Batch", "0"))
        if b.get("Type") == "TrainingBenchmarks" and int(params.get("Threads", "0")) == threads:
            out[f"train_tokens_per_s.b{batch}"] = batch * 32 / (mean_ns * 1e-9)
        elif b.get("Type") == "GenerationBenchmarks":
            cache = "kv" if params.get("KvCache") == "True" else "nokv"
            name = "greedy" if float(params.get("Temperature", "0")) == 0 else "t1"
            out[f"gen_tokens_per_s.{cache}.b{batch}.{name}"] = batch * 29 / (mean_ns * 1e-9)
    return out


def load_ours(path, threads):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return bdn_keys(data, threads) if "Benchmarks" in data else flatten(data)


def main(reference_path, graphnav_path, threads=2):
    with open(reference_path, encoding="utf-8") as f:
        ref = json.load(f)
    ours = load_ours(graphnav_path, threads)
    env = ref.get("environment", {})
    anchor = f"torch {env.get('torch_version', '?')}, BLAS {env.get('blas_kind', '?')}, {env.get('threads', '?')} threads"
    if env.get("blas_kind") != "openblas-openmp":
        print(f"WARNING: the reference was not measured with OpenBLAS-openmp ({anchor}); ratios are inflated.")
    theirs = flatten({k: ref[k] for k in ("train_tokens_per_s", "gen_tokens_per_s") if k in ref})
    missing = True
    for key in sorted(theirs):
        if key not in ours:
            continue
        missing = False
        ratio = ours[key] / theirs[key]
        goal = GOALS.get(key)
        verdict = "" if goal is None else (f"  goal >= {goal:g}x: " + ("met" if ratio >= goal else "NOT met"))
        print(f"{key:<36} {ours[key]:>12,.0f} / {theirs[key]:>12,.0f} = {ratio:6.2f}x  [{anchor}]{verdict}")
    if missing:
        sys.exit(f"no common keys between {reference_path} and {graphnav_path}; expected names like train_tokens_per_s.b64")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: compare.py TORCH_JSON GRAPHNAV_JSON [THREADS]")
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) == 4 else 2)
