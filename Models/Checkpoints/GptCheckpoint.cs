using System.Globalization;
using System.Text.Json;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Models.Checkpoints;

/// <summary>Optimizer and schedule state saved with a checkpoint so training can resume.</summary>
/// <param name="Config">The training settings.</param>
/// <param name="Step">Completed optimizer steps.</param>
/// <param name="M">AdamW first moments, the layout of GptParameters.Data.</param>
/// <param name="V">AdamW second moments, same layout.</param>
public sealed record TrainingState(TrainingConfig Config, int Step, float[] M, float[] V);

/// <summary>
/// GPT checkpoints as safetensors: parameter tensors under their names (wte, wpe, ln1w, …), AdamW
/// moments (when saved) as "adamw.m.&lt;name&gt;" / "adamw.v.&lt;name&gt;", and metadata strings
/// "graphnav.format" = "graphnav.gpt/1", "graphnav.engine" (EngineInfo.Version),
/// "graphnav.config" (GptConfig as JSON) and, with training state, "graphnav.training"
/// (TrainingConfig as JSON) and "graphnav.step".
/// </summary>
public static class GptCheckpoint
{
    /// <summary>Format identifier in the metadata.</summary>
    public const string Format = "graphnav.gpt/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>
    /// Writes <paramref name="model"/> (and optionally its training state) atomically.
    /// <paramref name="extraMetadata"/> adds caller strings (e.g. "graphnav.task", the task the model
    /// was trained on); keys the checkpoint itself uses are refused.
    /// </summary>
    public static void Save(string path, GptModel model, TrainingState? state = null, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tensors = new List<SafeTensor>();
        foreach (var t in model.Parameters.All)
            tensors.Add(new SafeTensor(t.Name, t.Shape, t.Memory));
        var metadata = new Dictionary<string, string>
        {
            ["graphnav.format"] = Format,
            ["graphnav.engine"] = EngineInfo.Version,
            ["graphnav.config"] = JsonSerializer.Serialize(model.Config, Json),
        };
        if (state is not null)
        {
            if (state.M.Length != model.Parameters.Data.Length || state.V.Length != model.Parameters.Data.Length)
                throw new ArgumentException("TrainingState moments do not match the model's parameter count.", nameof(state));
            foreach (var t in model.Parameters.All)
            {
                tensors.Add(new SafeTensor("adamw.m." + t.Name, t.Shape, state.M.AsMemory(t.Offset, t.Length)));
                tensors.Add(new SafeTensor("adamw.v." + t.Name, t.Shape, state.V.AsMemory(t.Offset, t.Length)));
            }
            metadata["graphnav.training"] = JsonSerializer.Serialize(state.Config, Json);
            metadata["graphnav.step"] = state.Step.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in extraMetadata ?? new Dictionary<string, string>())
        {
            if (!metadata.TryAdd(key, value))
                throw new ArgumentException($"Extra checkpoint metadata may not replace '{key}'.", nameof(extraMetadata));
        }
        SafeTensors.Write(path, tensors, metadata);
    }

    /// <summary>
    /// Loads a model (and its training state when the file has one). Throws InvalidDataException
    /// naming the file for anything SafeTensors.Read rejects, an unknown format, a missing or
    /// invalid config, a config that asks for more parameters than the file holds (checked before
    /// anything is allocated), missing or mis-shaped tensors, and NaN or infinite values. maxBatch 0 means the saved training
    /// BatchSize, or 64 when the file has no training state.
    /// </summary>
    public static (GptModel Model, TrainingState? State) Load(string path, int maxBatch = 0)
    {
        var file = SafeTensors.Read(path);
        if (!file.Metadata.TryGetValue("graphnav.format", out string? format) || format != Format)
            throw Bad(path, $"metadata graphnav.format is '{format ?? "(missing)"}', expected '{Format}'");
        var config = Deserialize<GptConfig>(path, file, "graphnav.config");
        try
        {
            config.Validated();
        }
        catch (ArgumentException e)
        {
            throw Bad(path, $"its config is invalid: {e.Message}");
        }
        TrainingConfig? training = null;
        if (file.Metadata.ContainsKey("graphnav.training"))
        {
            training = Deserialize<TrainingConfig>(path, file, "graphnav.training");
            try
            {
                training.Validated();
            }
            catch (ArgumentException e)
            {
                throw Bad(path, $"its training config is invalid: {e.Message}");
            }
        }
        if (maxBatch <= 0) maxBatch = training?.BatchSize ?? 64;
        CheckSizeAgainstFile(path, file, config, withMoments: training is not null);
        GptModel model;
        try
        {
            model = new GptModel(config, seed: 0, maxBatch);
        }
        catch (Exception e) when (e is OverflowException or ArgumentException)
        {
            throw Bad(path, $"its config needs buffers larger than one model can hold at batch {maxBatch} ({e.Message})");
        }
        foreach (var t in model.Parameters.All) Fill(path, file, t.Name, t, t.Span);
        if (training is null) return (model, null);
        if (!int.TryParse(file.Metadata.GetValueOrDefault("graphnav.step"), NumberStyles.None, CultureInfo.InvariantCulture, out int step))
            throw Bad(path, "metadata graphnav.step is missing or not a non-negative integer");
        var m = new float[model.Parameters.Data.Length];
        var v = new float[model.Parameters.Data.Length];
        foreach (var t in model.Parameters.All)
        {
            Fill(path, file, "adamw.m." + t.Name, t, m.AsSpan(t.Offset, t.Length));
            Fill(path, file, "adamw.v." + t.Name, t, v.AsSpan(t.Offset, t.Length));
        }
        return (model, new TrainingState(training, step, m, v));
    }

    /// <summary>The metadata strings of a checkpoint (config, training state, caller additions) without loading tensors into a model.</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path) => SafeTensors.Read(path).Metadata;

    private static T Deserialize<T>(string path, SafeTensorsFile file, string key)
    {
        if (!file.Metadata.TryGetValue(key, out string? json))
            throw Bad(path, $"metadata has no '{key}'");
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw Bad(path, $"metadata '{key}' is null");
        }
        catch (JsonException e)
        {
            throw Bad(path, $"metadata '{key}' is not a known {typeof(T).Name} ({e.Message})");
        }
    }

    /// <summary>
    /// Before anything is allocated: the config's parameters (and moments) must be in the file, so a
    /// small file whose config asks for billions of parameters is refused instead of allocated.
    /// </summary>
    private static void CheckSizeAgainstFile(string path, SafeTensorsFile file, GptConfig config, bool withMoments)
    {
        long inFile = 0;
        foreach (var tensor in file.Tensors) inFile += tensor.Data.Length;
        long needed;
        try
        {
            needed = (long)GptParameters.CountFloats(config) * (withMoments ? 3 : 1);
        }
        catch (OverflowException)
        {
            needed = long.MaxValue;
        }
        if (needed > inFile)
            throw Bad(path, $"its config needs {(needed == long.MaxValue ? "more than 2^31" : needed.ToString(CultureInfo.InvariantCulture))} floats of parameters{(withMoments ? " and AdamW moments" : "")} but the file holds only {inFile} (graphnav.config does not match the tensors)");
    }

    private static void Fill(string path, SafeTensorsFile file, string name, TensorView like, Span<float> destination)
    {
        var tensor = file.Find(name) ?? throw Bad(path, $"tensor '{name}' is missing");
        if (!tensor.Shape.SequenceEqual(like.Shape))
            throw Bad(path, $"tensor '{name}' has shape [{string.Join(", ", tensor.Shape)}], the config needs [{string.Join(", ", like.Shape)}]");
        var data = tensor.Data.Span;
        // A NaN or infinity would only surface later as NaN logits; name it here instead.
        for (int i = 0; i < data.Length; i++)
        {
            if (!float.IsFinite(data[i]))
                throw Bad(path, $"tensor '{name}' holds {data[i]} at flat index {i}; every value must be a finite number (the file is corrupt or its training diverged)");
        }
        data.CopyTo(destination);
    }

    private static InvalidDataException Bad(string path, string problem) => new($"Checkpoint '{path}': {problem}.");
}
