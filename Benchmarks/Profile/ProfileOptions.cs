namespace GraphNav.Benchmarks.Profile;

/// <summary>Arguments of the profile mode (see <see cref="TrainingProfile"/>).</summary>
/// <param name="Model">"gpt-A", "lego-paper" (n 12, T 60), "lego-n6" (the B fixtures' CPU paper
/// scale, PaperLegoModels: n 6, k 3, T 30, embedding LayerNorm on), or "gpt-A-generate" (KV-cache generation, as
/// OnnxGenerationBenchmarks: prompts of 8 tokens grown by 24; Steps = generate calls).</param>
/// <param name="Batch">Sequences per step.</param>
/// <param name="Threads">Engine threads.</param>
/// <param name="Steps">Profiled steps.</param>
/// <param name="Warmup">Unprofiled steps before them (JIT, buffers, caches).</param>
/// <param name="EmbeddingLayerNorm">LEGO models only: LayerNorm on the summed embeddings (the LEGO
/// recipe's default, on in lego-n6; the throughput benchmarks' lego-paper has it off).</param>
internal sealed record ProfileOptions(string Model, int Batch, int Threads, int Steps, int Warmup, bool EmbeddingLayerNorm = false)
{
    /// <summary>Parses <c>profile [--model M] [--batch N] [--threads N] [--steps N] [--warmup N] [--embedding-ln on|off]</c>
    /// (args[0] is the mode, "profile" or "scaling", named in the messages).</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing value or a value out of range,
    /// with a message naming the option, the value and what is allowed.</exception>
    public static ProfileOptions Parse(string[] args)
    {
        var o = new ProfileOptions("gpt-A", 64, 2, 30, 5);
        string mode = args.Length > 0 ? args[0] : "profile"; // profile or scaling, for the messages
        for (int i = 1; i < args.Length; i += 2)
        {
            string name = args[i];
            if (i + 1 >= args.Length) throw new ArgumentException($"{mode}: option {name} needs a value.");
            string value = args[i + 1];
            o = name switch
            {
                "--model" when value is "gpt-A" or "lego-paper" or "lego-n6" or "gpt-A-generate" => o with { Model = value },
                "--model" => throw new ArgumentException($"{mode}: --model {value} is unknown; use gpt-A, lego-paper, lego-n6 or gpt-A-generate."),
                "--embedding-ln" when value is "on" or "off" => o with { EmbeddingLayerNorm = value == "on" },
                "--embedding-ln" => throw new ArgumentException($"{mode}: --embedding-ln {value} is neither on nor off."),
                "--batch" => o with { Batch = Positive(mode, name, value, 4096) },
                "--threads" => o with { Threads = Positive(mode, name, value, 64) },
                "--steps" => o with { Steps = Positive(mode, name, value, 100_000) },
                "--warmup" => o with { Warmup = Positive(mode, name, value, 100_000) },
                _ => throw new ArgumentException($"{mode}: unknown option {name}; options are --model, --batch, --threads, --steps, --warmup, --embedding-ln."),
            };
        }
        return o;
    }

    /// <summary>Parses the arguments of a profile-like mode (args[0] is the mode); on a bad argument prints
    /// <c>error: …</c> and returns null. Warns when built in Debug.</summary>
    public static ProfileOptions? ParseOrReport(string[] args)
    {
#if DEBUG
        Console.Error.WriteLine($"warning: {args[0]} built in Debug; numbers are meaningless. Use -c Release.");
#endif
        try
        {
            return Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }

    private static int Positive(string mode, string name, string value, int max) =>
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= max
            ? n
            : throw new ArgumentException($"{mode}: {name} {value} is not a whole number in [1, {max}].");
}
