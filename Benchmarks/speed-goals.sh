#!/usr/bin/env bash
# Issue #16's speed goals in one BenchmarkDotNet run (joined summary), on a quiet machine:
#   - training the paper-A GPT with 1 and 2 threads, batch 64 and 256 (TrainingBenchmarks:
#     tokens/s and the "vs 1 thread" column = two-thread scaling);
#   - the paper-scale LEGO encoder with 1 and 2 threads (LegoTrainingBenchmarks), and against
#     TorchSharp / libtorch on the same shapes, batch and threads (BackendTrainingBenchmarks);
#   - the Gemm kernels on the model's shapes with 1 and 2 threads (GemmBenchmarks: GFLOP/s and
#     the two-thread ceiling in "vs 1 thread");
#   - KV-cache generation against ONNX Runtime 1.32 at batch 1 and 64 (OnnxGenerationBenchmarks);
#   - the machine's fp32 FMA peak on 1 and 2 threads (FmaPeakBenchmarks), the denominator of
#     "% of FMA peak", measured on the machine the run is made on.
# Extra arguments go to BenchmarkDotNet, e.g. --job short to halve the run time.
# The profile of a training step (per phase, kernel and thread) is a separate mode:
#   dotnet run -c Release --project Benchmarks -- profile --model gpt-A --batch 64 --threads 2
set -euo pipefail
cd "$(dirname "$0")/.."
out="BenchmarkDotNet.Artifacts/speed-goals"
mkdir -p "$out"
dotnet run -c Release --project Benchmarks -- \
  --filter '*.TrainingBenchmarks.*' '*LegoTrainingBenchmarks*' '*BackendTrainingBenchmarks*' '*GemmBenchmarks*' '*OnnxGenerationBenchmarks*' '*FmaPeakBenchmarks*' \
  --join --artifacts "$out" "${@}"
