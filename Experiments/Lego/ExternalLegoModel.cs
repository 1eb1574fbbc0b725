using GraphNav.Experiments.Phenomena;
using GraphNav.Models.Gpt;
using GraphNav.Tasks;
using GraphNav.Tasks.Files;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Lego;

/// <summary>
/// The external encoder a LEGO phenomenon measures (PhenomenonContext.ExternalModel: an ONNX file or
/// an engine checkpoint), with its LEGO task — the Task run parameter's file, else the model's
/// <c>graphnav.task</c> metadata — and the test sentences it is scored on: the task directory's
/// test.jsonl when the run names one, else the spec's generated test set (the same sentences: the
/// file is written from the generator). One model is one "seed" of the bootstrap.
/// </summary>
public sealed class ExternalLegoModel : IDisposable
{
    private readonly OpenedModel _opened;

    private ExternalLegoModel(OpenedModel opened, string hash, LegoSpec spec, IReadOnlyList<LegoSentence> sentences, string taskSource, string sentencesSource)
    {
        _opened = opened;
        Hash = hash;
        Spec = spec;
        TestSentences = sentences;
        TaskSource = taskSource;
        SentencesSource = sentencesSource;
    }

    /// <summary>What the B phenomena measure, for the reason a model of another kind is refused.</summary>
    public const string LegoMeasures = "the B phenomena measure LEGO encoders";

    /// <summary>First 32 hex digits of the model file's SHA-256 (for the result record).</summary>
    public string Hash { get; }

    /// <summary>The LEGO task the model is measured on (n = Variables, k = SupervisedPositions).</summary>
    public LegoSpec Spec { get; }

    /// <summary>The sentences the model is scored on.</summary>
    public IReadOnlyList<LegoSentence> TestSentences { get; }

    /// <summary>Where the task came from (a task.json path or the model file's description).</summary>
    public string TaskSource { get; }

    /// <summary>Where the sentences came from (a test.jsonl path or "generated from the spec").</summary>
    public string SentencesSource { get; }

    /// <summary>The model file's description ("ONNX model …", "engine checkpoint …").</summary>
    public string Description => _opened.Description;

    /// <summary>
    /// Opens the run's external model and its LEGO task.
    /// </summary>
    /// <exception cref="ArgumentException">The task is not a LEGO task (a graph model, or a graph task file), or the
    /// model cannot read the task's tokens or gives other than 1 or 2 logits per position; the message says which.
    /// <see cref="PhenomenonRunner"/> turns these into Inconclusive.</exception>
    /// <exception cref="InvalidDataException">The LEGO task file or its test.jsonl is malformed.</exception>
    public static ExternalLegoModel Open(PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (opened, hash) = ExternalModels.Open(context);
        try
        {
            var (json, source) = ExternalModels.TaskJson(context, opened);
            string kind = LegoTaskFile.KindOf(json, source);
            if (kind != TaskKinds.Lego)
                throw new ArgumentException(ModelProfile.WrongKind(opened.Description, source, kind, ModelProfile.Lego, LegoMeasures));
            var spec = LegoTaskFile.Parse(json, source);
            CheckEncoder(opened, spec);
            var (sentences, sentencesSource) = ReadTestSet(context.ExternalTask, spec);
            return new ExternalLegoModel(opened, hash, spec, sentences, source, sentencesSource);
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>One outcome per test sentence (same order).</summary>
    public LegoOutcome[] Evaluate() => LegoEvaluation.Evaluate(_opened.Logits, TestSentences, Spec.ContextLength);

    /// <summary>Records the model and its task in <paramref name="result"/>: hash, file, task source, n, k, sentences.</summary>
    public void Record(ResultBuilder result)
    {
        ArgumentNullException.ThrowIfNull(result);
        result.Model(Hash);
        result.Parameter("model", Description)
            .Parameter("task", TaskSource)
            .Parameter("n", Spec.Variables)
            .Parameter("k", Spec.SupervisedPositions)
            .Parameter("clauses", Spec.Shuffled ? "shuffled" : "ordered")
            .Parameter("test_sentences", TestSentences.Count)
            .Parameter("test_sentences_source", SentencesSource);
    }

    /// <inheritdoc />
    public void Dispose() => _opened.Dispose();

    /// <summary>Refuses a model that cannot read the task's token ids and context, or that is not a LEGO encoder.</summary>
    /// <exception cref="ArgumentException">The message says what does not fit.</exception>
    internal static void CheckEncoder(OpenedModel opened, LegoSpec spec)
    {
        int vocabulary = spec.CreateTokens().VocabSize;
        switch (opened.Logits)
        {
            case Export.OnnxModel onnx:
                onnx.EnsureCompatible(vocabulary, spec.ContextLength, decoder: false);
                break;
            case GptModel engine:
                if (engine.Config.VocabSize < vocabulary)
                    throw new ArgumentException($"{opened.Description} reads token ids 0..{engine.Config.VocabSize - 1} but the LEGO task needs {vocabulary}.");
                if (engine.Config.ContextLength < spec.ContextLength)
                    throw new ArgumentException($"{opened.Description} accepts at most {engine.Config.ContextLength} tokens but the LEGO task's sentences have {spec.ContextLength}.");
                break;
        }
        int classes = opened.Logits.VocabSize;
        if (classes is not (1 or 2))
            throw new ArgumentException($"{opened.Description} gives {classes} logits per position; a LEGO encoder gives 1 or 2 (a graph decoder's vocabulary head cannot be scored on LEGO).");
    }

    /// <summary>
    /// The test sentences of a LEGO task: the test.jsonl of <paramref name="taskPath"/> (a task
    /// directory, or the folder of a task.json) when there is one, else the spec's generated test set.
    /// </summary>
    /// <exception cref="InvalidDataException">test.jsonl is malformed, empty, or holds sentences of another n.</exception>
    public static (IReadOnlyList<LegoSentence> Sentences, string Source) ReadTestSet(string? taskPath, LegoSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (taskPath is not null)
        {
            string directory = Directory.Exists(taskPath) ? taskPath : Path.GetDirectoryName(Path.GetFullPath(taskPath)) ?? ".";
            string file = Path.Combine(directory, TaskFile.TestJsonl);
            if (File.Exists(file))
            {
                var sentences = LegoJsonl.ReadFile(file, spec.CreateTokens());
                if (sentences.Count == 0) throw new InvalidDataException($"{file} holds no sentences.");
                foreach (var s in sentences)
                {
                    if (s.Variables != spec.Variables)
                        throw new InvalidDataException($"{file}: a sentence has {s.Variables} variables but the task's n is {spec.Variables}.");
                }
                return (sentences, file);
            }
        }
        return (new LegoGenerator(spec).TestSet(), "generated from the task's spec (seed, test size)");
    }
}
