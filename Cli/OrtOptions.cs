using System.CommandLine;
using GraphNav.Export.Ort;

namespace GraphNav.Cli;

/// <summary>
/// The ONNX Runtime options of every command that runs a model: <c>--device</c>,
/// <c>--ort-optimization</c> and <c>--provider-options</c>; the intra-op thread count follows the
/// command's own <c>--threads</c>.
/// </summary>
internal static class OrtOptions
{
    public static readonly Option<string> Device = new("--device")
    {
        Description = "Where ONNX Runtime runs the model: auto (CUDA if it loads, else CPU, said once), cpu, cuda or cuda:N. Checkpoints always run on the C# engine.",
        DefaultValueFactory = _ => "cpu",
    };

    public static readonly Option<string> Optimization = new("--ort-optimization")
    {
        Description = "ONNX Runtime graph optimisation level: disable, basic, extended or all.",
        DefaultValueFactory = _ => "all",
    };

    public static readonly Option<string> ProviderOptions = new("--provider-options")
    {
        Description = "Options passed to the CUDA provider as key=value;key=value (ONNX Runtime's names, e.g. gpu_mem_limit=2147483648).",
        DefaultValueFactory = _ => "",
    };

    /// <summary>Adds the three options to <paramref name="command"/>.</summary>
    public static void AddTo(Command command)
    {
        command.Options.Add(Device);
        command.Options.Add(Optimization);
        command.Options.Add(ProviderOptions);
    }

    /// <summary>The session settings the options ask for, with <paramref name="threads"/> intra-op threads.</summary>
    /// <exception cref="FormatException">A bad --device (the message names the value and the accepted forms).</exception>
    /// <exception cref="ArgumentException">A bad --ort-optimization or --provider-options, or --threads below 1.</exception>
    public static OrtSessionSettings Settings(ParseResult parse, int threads)
    {
        if (threads < 1) throw new ArgumentException($"--threads must be ≥ 1 (got {threads}).");
        OrtDevice device;
        try
        {
            device = OrtDevice.Parse(parse.GetValue(Device)!);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"--device: {e.Message}", e);
        }
        var level = parse.GetValue(Optimization)!.Trim().ToLowerInvariant() switch
        {
            "disable" => OrtOptimizationLevel.DisableAll,
            "basic" => OrtOptimizationLevel.Basic,
            "extended" => OrtOptimizationLevel.Extended,
            "all" => OrtOptimizationLevel.All,
            var other => throw new ArgumentException($"--ort-optimization: '{other}' is not one of disable, basic, extended, all."),
        };
        var settings = new OrtSessionSettings { IntraOpThreads = threads, Device = device, OptimizationLevel = level, ProviderOptions = parse.GetValue(ProviderOptions)! };
        // Parsed here so that a malformed string is refused before any model is opened.
        _ = settings.ProviderOptionPairs();
        return settings;
    }
}
