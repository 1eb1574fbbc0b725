"""
Ratios of GraphNav's speed to the PyTorch reference, measured on the same machine.

    /usr/bin/python3 compare.py torch.json graphnav.json

Both files use the keys of bench.py's JSON (README.md), nested ({"train_tokens_per_s": {"b64":
...}}) or flat ({"train_tokens_per_s.b64": ...}). Every ratio is printed with the torch version
and BLAS of the reference file beside it, and checked against the speed goals of DESIGN.md.
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


def main(reference_path, graphnav_path):
    with open(reference_path, encoding="utf-8") as f:
        ref = json.load(f)
    with open(graphnav_path, encoding="utf-8") as f:
        ours = flatten(json.load(f))
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
    if len(sys.argv) != 3:
        sys.exit("usage: compare.py TORCH_JSON GRAPHNAV_JSON")
    main(sys.argv[1], sys.argv[2])
