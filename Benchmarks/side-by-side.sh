#!/usr/bin/env bash
# Speed goals are ratios against PyTorch measured on the same machine in one run (issue #2 §5):
# this script runs the PyTorch reference and GraphNav's BenchmarkDotNet throughput benchmarks one
# after the other, then prints every ratio with the torch version and BLAS beside it.
# Needs: apt-get install python3-torch libopenblas0-openmp (Debian). Run on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${THREADS:-2}"
out="BenchmarkDotNet.Artifacts/side-by-side"
mkdir -p "$out"

echo "== PyTorch reference ($threads threads)"
LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 Benchmarks/reference/bench.py \
  --threads "$threads" --json "$out/torch.json"

echo "== GraphNav (BenchmarkDotNet)"
dotnet run -c Release --project Benchmarks -- --filter '*TrainingBenchmarks*' '*GenerationBenchmarks*' \
  --join --artifacts "$out/bdn" "${@}"
report=$(ls -t "$out"/bdn/results/*-report-full.json | head -n 1)

echo "== GraphNav / PyTorch"
/usr/bin/python3 Benchmarks/reference/compare.py "$out/torch.json" "$report" "$threads" | tee "$out/ratios.txt"
