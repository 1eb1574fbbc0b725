using BenchmarkDotNet.Attributes;
using GraphNav.Export;
using GraphNav.Export.Gpt;
using GraphNav.Models.Gpt;

namespace GraphNav.Benchmarks;

/// <summary>
/// One forward (logits for every position) of the paper-A GPT (V 106, T 32, L 2, C 64, NH 2) at
/// batch 1 and 256: the C# engine against ONNX Runtime running the same model exported by
/// <see cref="GptOnnxExporter"/>. Both on one thread (engine Threads 1, ORT intra-op 1). The ORT
/// path is <see cref="OnnxModel.Logits"/>, what evaluation calls (it widens ids to int64 and
/// checks the logits for NaN).
/// </summary>
[BenchmarkCategory("Onnx", "Forward")]
public class OnnxBenchmarks
{
    private const int Sequence = 32;
    private GptModel _engine = null!;
    private OnnxModel _onnx = null!;
    private string _folder = null!;
    private int[] _ids = null!;
    private float[] _logits = null!;

    /// <summary>Rows per forward.</summary>
    [Params(1, 256)]
    public int Batch { get; set; }

    /// <summary>ORT execution provider (<see cref="OnnxDevices"/>: cpu unless GRAPHNAV_BENCH_DEVICE says otherwise).</summary>
    [ParamsSource(nameof(Devices))]
    public string Device { get; set; } = "cpu";

    /// <summary>The values of <see cref="Device"/>.</summary>
    public static IEnumerable<string> Devices() => OnnxDevices.Values();

    [GlobalSetup]
    public void Setup()
    {
        var config = GptConfig.PaperA(106);
        _engine = new GptModel(config, seed: 1, maxBatch: 256);
        _folder = Directory.CreateTempSubdirectory("graphnav-onnx-bench-").FullName;
        var path = Path.Combine(_folder, "paper-a.onnx");
        GptOnnxExporter.Export(_engine, path);
        _onnx = new OnnxModel(path, OnnxDevices.Settings(Device));
        var random = new SeededRandom(2);
        _ids = new int[Batch * Sequence];
        for (int i = 0; i < _ids.Length; i++) _ids[i] = (int)(random.NextUInt64() % (ulong)config.VocabSize);
        _logits = new float[Batch * Sequence * config.VocabSize];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _onnx.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "engine forward")]
    public float Engine()
    {
        _engine.Logits(_ids, Batch, Sequence, _logits);
        return _logits[^1];
    }

    [Benchmark(Description = "ORT forward")]
    public float Ort()
    {
        _onnx.Logits(_ids, Batch, Sequence, _logits);
        return _logits[^1];
    }
}
