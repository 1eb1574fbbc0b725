using GraphNav.Experiments.Lego;
using GraphNav.Tasks;
using GraphNav.Tasks.Files;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// What the phenomena need to know about an external model to say whether they apply to it
/// (<see cref="IPhenomenon.AppliesTo"/>): computed once from the opened file and its task, by
/// <see cref="PhenomenonRunner"/> before an external run and by <c>graphnav inspect</c>.
/// </summary>
/// <param name="Description">The model file's description ("ONNX model …", "engine checkpoint …").</param>
/// <param name="TaskKind">graph, motif or lego; null when there is no readable task (see <paramref name="TaskProblem"/>).</param>
/// <param name="TaskKindDeclared">The task file's own kind (bernoulli, hierarchical, imported, motif, lego; "" when unread).</param>
/// <param name="TaskSource">Where the task came from (a task.json path or the model's description; "" when none).</param>
/// <param name="TaskProblem">Why the task cannot be used with this model (no task, unreadable, ids not covered, not a LEGO encoder…); "" when it can.</param>
/// <param name="LogitsPerPosition">Outputs per position: the vocabulary of a decoder, 1 or 2 for a LEGO encoder.</param>
/// <param name="Layers">Attention layers, when the file tells.</param>
/// <param name="Heads">Attention heads per layer, when the file tells.</param>
/// <param name="AttentionOnly">True for a model without MLP blocks, false with them, null when the file does not tell (an ONNX file without graphnav.config).</param>
/// <param name="AttentionUnavailable">Why attention maps cannot be read ("" when they can).</param>
/// <param name="EmbeddingsUnavailable">Why embedding weights cannot be read ("" when they can).</param>
/// <param name="LegoK">Supervised chain positions of a LEGO task, else null.</param>
public sealed record ModelProfile(
    string Description,
    string? TaskKind,
    string TaskKindDeclared,
    string TaskSource,
    string TaskProblem,
    int LogitsPerPosition,
    int? Layers,
    int? Heads,
    bool? AttentionOnly,
    string AttentionUnavailable,
    string EmbeddingsUnavailable,
    int? LegoK)
{
    /// <summary><see cref="TaskKind"/> of a graph-navigation task (bernoulli, hierarchical or imported graph).</summary>
    public const string Graph = "graph";

    /// <summary><see cref="TaskKind"/> of a motif task.</summary>
    public const string Motif = TaskKinds.Motif;

    /// <summary><see cref="TaskKind"/> of a LEGO task.</summary>
    public const string Lego = TaskKinds.Lego;

    /// <summary>True when attention maps can be read.</summary>
    public bool AttentionReadable => AttentionUnavailable.Length == 0;

    /// <summary>True when embedding weights can be read.</summary>
    public bool EmbeddingsReadable => EmbeddingsUnavailable.Length == 0;

    /// <summary>"graph", "motif", "LEGO": how reasons name a kind.</summary>
    public static string KindName(string kind) => kind == Lego ? "LEGO" : kind;

    /// <summary>Why a model whose task is of kind <paramref name="declared"/> does not fit a phenomenon of task kind <paramref name="expected"/>.</summary>
    /// <param name="description">The model file's description.</param>
    /// <param name="source">Where its task came from.</param>
    /// <param name="declared">The task file's kind.</param>
    /// <param name="expected">The <see cref="TaskKind"/> the phenomenon measures.</param>
    /// <param name="measures">What the phenomenon measures, e.g. "the B phenomena measure LEGO encoders".</param>
    public static string WrongKind(string description, string source, string declared, string expected, string measures) =>
        $"the task of {description} ({(source == description ? "its graphnav.task metadata" : source)}) is a '{declared}' task, not a {KindName(expected)} task: {measures}.";

    /// <summary>Opens the run's external model, profiles it with the run's task, and releases it.</summary>
    public static ModelProfile Open(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var opened = ExternalModels.Open(context).Model;
        return Of(opened, context.ExternalTask);
    }

    /// <summary>
    /// Profiles an opened model with its task: <paramref name="taskPath"/> (a task.json or task
    /// directory) when given, else the model's <c>graphnav.task</c> metadata. A task that cannot be
    /// read, or that the model cannot serve, is recorded as <see cref="TaskProblem"/>, in the words of
    /// the check that refuses it when measuring.
    /// </summary>
    /// <exception cref="FileNotFoundException"><paramref name="taskPath"/> does not exist (a user error, not a model property).</exception>
    public static ModelProfile Of(OpenedModel opened, string? taskPath)
    {
        ArgumentNullException.ThrowIfNull(opened);
        var file = opened.File;
        var engine = file?.Engine;
        int? layers = file?.Attention?.AttentionLayers ?? engine?.Config.Layers;
        int? heads = file?.Attention?.AttentionHeads ?? engine?.Config.Heads;
        // The engine knows its config; an ONNX export of the engine carries it as graphnav.config; other files do not tell.
        var config = engine?.Config ?? (file?.Onnx is { } onnx ? Export.Gpt.GptOnnxExporter.ReadConfig(onnx.File) : null);
        bool? attentionOnly = config is null ? null : !config.UseMlp;
        string attention = file is null ? "the model was not opened from a file" : file.Attention is null ? NonEmpty(file.AttentionUnavailable) : "";
        string embeddings = file is null ? "the model was not opened from a file" : file.Embeddings is null ? NonEmpty(file.EmbeddingsUnavailable) : "";
        var task = ReadTask(opened, taskPath);
        return new ModelProfile(opened.Description, task.Kind, task.Declared, task.Source, task.Problem, opened.Logits.VocabSize,
            layers, heads, attentionOnly, attention, embeddings, task.LegoK);
    }

    private static string NonEmpty(string reason) => reason.Length > 0 ? reason : "not available";

    private readonly record struct TaskProfile(string? Kind, string Declared, string Source, string Problem, int? LegoK);

    /// <summary>The task's kind and whether the model can serve it, through the same checks the measuring code runs.</summary>
    private static TaskProfile ReadTask(OpenedModel opened, string? taskPath)
    {
        string json, source;
        try
        {
            (json, source) = ExternalModels.TaskJson(taskPath, opened);
        }
        catch (ArgumentException e)
        {
            return new TaskProfile(null, "", "", e.Message, null);
        }
        string declared = "";
        string? kind = null;
        int? k = null;
        try
        {
            declared = LegoTaskFile.KindOf(json, source);
            kind = declared switch { TaskKinds.Motif => Motif, TaskKinds.Lego => Lego, _ => Graph };
            switch (kind)
            {
                case Lego:
                    var spec = LegoTaskFile.Parse(json, source);
                    k = spec.SupervisedPositions;
                    ExternalLegoModel.CheckEncoder(opened, spec);
                    ExternalLegoModel.ReadTestSet(taskPath, spec);
                    break;
                case Motif:
                    ExternalModels.CheckVocabulary(opened, MotifTaskFile.Parse(json, source).Set.Tokens.VocabularySize);
                    break;
                default:
                    TaskFile.Parse(json, source).RequireVocabulary(opened.Source.VocabSize, opened.Description);
                    break;
            }
            return new TaskProfile(kind, declared, source, "", k);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FormatException)
        {
            return new TaskProfile(kind, declared, source, e.Message, k);
        }
    }
}
