using GraphNav.Models.Checkpoints;
using GraphNav.Models.Gpt;
using GraphNav.Models.Training;
using GraphNav.Tasks;
using GraphNav.Tasks.Files;
using GraphNav.Tasks.Lego;
using GraphNav.Tasks.Motifs;

namespace GraphNav.Fuzz.Tests;

/// <summary>
/// Mutated safetensors checkpoints, graph/motif task files and LEGO task and sentence files fed to
/// their readers in-process (issue 14). A small seeded sample runs in every `dotnet test`; the
/// explicit Fuzz category tries 10,000 inputs per format.
/// </summary>
[NonParallelizable]
public class ReaderFuzzTests
{
    /// <summary>Inputs per format in the default run (a few seconds in all).</summary>
    public const int Sample = 150;

    /// <summary>Inputs per format in the explicit Fuzz category.</summary>
    public const int Full = 10_000;

    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(20);
    private string _dir = "";

    [OneTimeSetUp]
    public void WriteSeeds()
    {
        _dir = Directory.CreateTempSubdirectory("graphnav-fuzz-").FullName;
        var trainer = Trainer.Create(new GptConfig { VocabSize = 11, ContextLength = 7, Layers = 1, Heads = 2, Channels = 8 }.Validated(),
            new TrainingConfig { Steps = 1, BatchSize = 1 });
        trainer.SaveCheckpoint(Seed("checkpoint.safetensors"), new Dictionary<string, string> { ["graphnav.task"] = "{}" });
        TaskFile.WriteDirectory(TaskPresets.Create("hierarchical-quick", 0), Seed("graph"), trainExamples: 3, streamSeed: 0, referenceSeed: 0);
        MotifTaskFile.WriteDirectory(MotifTask.CreateQuick(0), Seed("motif"), trainExamples: 2, streamSeed: 0, referenceSeed: 0, queriesPerOrder: 1);
        LegoTaskFile.WriteDirectory(LegoSpec.Create(6, 2, testSize: 3), Seed("lego"), trainSentences: 2);
    }

    [OneTimeTearDown]
    public void RemoveSeeds() => Directory.Delete(_dir, recursive: true);

    private string Seed(string name) => Path.Combine(_dir, name);

    /// <summary>Writes <paramref name="input"/> over a copy of the seed directory's <paramref name="file"/> and returns the copy's directory.</summary>
    private string MutatedDirectory(string seedDirectory, string file, byte[] input)
    {
        var copy = Path.Combine(_dir, "input-" + Path.GetFileName(seedDirectory));
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(Seed(seedDirectory))) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)), overwrite: true);
        File.WriteAllBytes(Path.Combine(copy, file), input);
        return copy;
    }

    private FuzzTally Checkpoint(int count, ulong seed)
    {
        var path = Seed("input.safetensors");
        return FuzzRunner.Run("safetensors checkpoint", File.ReadAllBytes(Seed("checkpoint.safetensors")), count, seed, PerInput, input =>
        {
            File.WriteAllBytes(path, input);
            return FuzzRunner.Classify(() => GptCheckpoint.Load(path));
        });
    }

    private FuzzTally GraphTask(int count, ulong seed) =>
        FuzzRunner.Run("graph task.json", File.ReadAllBytes(Path.Combine(Seed("graph"), TaskFile.TaskJson)), count, seed, PerInput, input =>
        {
            var dir = MutatedDirectory("graph", TaskFile.TaskJson, input);
            return FuzzRunner.Classify(() => TaskFile.Load(dir));
        });

    private FuzzTally Examples(int count, ulong seed) =>
        FuzzRunner.Run("graph test.jsonl", File.ReadAllBytes(Path.Combine(Seed("graph"), TaskFile.TestJsonl)), count, seed, PerInput, input =>
        {
            var dir = MutatedDirectory("graph", TaskFile.TestJsonl, input);
            return FuzzRunner.Classify(() => TaskFile.ReadExamples(Path.Combine(dir, TaskFile.TestJsonl)));
        });

    private FuzzTally MotifTaskJson(int count, ulong seed) =>
        FuzzRunner.Run("motif task.json", File.ReadAllBytes(Path.Combine(Seed("motif"), TaskFile.TaskJson)), count, seed, PerInput, input =>
        {
            var dir = MutatedDirectory("motif", TaskFile.TaskJson, input);
            return FuzzRunner.Classify(() => MotifTaskFile.Load(dir));
        });

    private FuzzTally LegoTask(int count, ulong seed) =>
        FuzzRunner.Run("LEGO task.json", File.ReadAllBytes(Path.Combine(Seed("lego"), TaskFile.TaskJson)), count, seed, PerInput, input =>
        {
            var dir = MutatedDirectory("lego", TaskFile.TaskJson, input);
            return FuzzRunner.Classify(() => new LegoGenerator(LegoTaskFile.Load(dir)).TestSet());
        });

    private FuzzTally LegoSentences(int count, ulong seed)
    {
        var tokens = LegoSpec.Create(6, 2).CreateTokens();
        return FuzzRunner.Run("LEGO test.jsonl", File.ReadAllBytes(Path.Combine(Seed("lego"), TaskFile.TestJsonl)), count, seed, PerInput, input =>
        {
            var dir = MutatedDirectory("lego", TaskFile.TestJsonl, input);
            return FuzzRunner.Classify(() => LegoJsonl.ReadFile(Path.Combine(dir, TaskFile.TestJsonl), tokens));
        });
    }

    [Test] public void Safetensors_sample() => Checkpoint(Sample, 1);
    [Test] public void Graph_task_sample() => GraphTask(Sample, 2);
    [Test] public void Example_lines_sample() => Examples(Sample, 3);
    [Test] public void Motif_task_sample() => MotifTaskJson(Sample, 4);
    [Test] public void Lego_task_sample() => LegoTask(Sample, 5);
    [Test] public void Lego_sentences_sample() => LegoSentences(Sample, 6);

    [Test, Explicit, Category("Fuzz")] public void Safetensors_full() => Checkpoint(Full, 101);
    [Test, Explicit, Category("Fuzz")] public void Graph_task_full() => GraphTask(Full, 102);
    [Test, Explicit, Category("Fuzz")] public void Example_lines_full() => Examples(Full, 103);
    [Test, Explicit, Category("Fuzz")] public void Motif_task_full() => MotifTaskJson(Full, 104);
    [Test, Explicit, Category("Fuzz")] public void Lego_task_full() => LegoTask(Full, 105);
    [Test, Explicit, Category("Fuzz")] public void Lego_sentences_full() => LegoSentences(Full, 106);
}
