using GraphNav.Models.Gpt;
using GraphNav.Models.Training;

namespace GraphNav.Export.Tests;

/// <summary>
/// A toy copy task for a model trained enough to generate something non-trivial:
/// BOS d₁…d₅ SEP d₁…d₅ EOS over digits 0–9; the loss covers the copied half and EOS only.
/// </summary>
internal sealed class CopyTask : IBatchSource
{
    public const int Digits = 5;
    public const int Sep = 10, Bos = 11, Eos = 12, Vocab = 13;
    public const int Length = 2 * Digits + 3; // 13 tokens; inputs/targets are 12 long

    private readonly SeededRandom _random;

    public CopyTask(ulong seed) => _random = new SeededRandom(seed);

    public static GptConfig Config { get; } = new GptConfig
    {
        VocabSize = Vocab, ContextLength = 16, Layers = 2, Heads = 2, Channels = 32,
    }.Validated();

    /// <summary>A 2-layer model after <paramref name="steps"/> AdamW steps (batch 32).</summary>
    public static GptModel Train(int steps, ulong seed)
    {
        var trainer = Trainer.Create(Config, new TrainingConfig
        {
            Steps = steps, BatchSize = 32, SequenceLength = Length - 1, LearningRate = 3e-3f, MinLearningRate = 3e-4f,
            WarmupSteps = 5, WeightDecay = 0, Seed = seed,
        });
        trainer.Run(new CopyTask(seed + 1));
        return trainer.Model;
    }

    /// <summary>Prompts BOS d₁…d₅ SEP, some cut short (length 3 to 7) so rows of a batch differ in length.</summary>
    public static List<int[]> Prompts(int count, ulong seed)
    {
        var task = new CopyTask(seed);
        var prompts = new List<int[]>();
        for (int i = 0; i < count; i++)
        {
            var sequence = task.Sequence();
            int length = i % 3 == 0 ? 3 + i % 5 : Digits + 2;
            prompts.Add(sequence[..length]);
        }
        return prompts;
    }

    public void Next(Span<int> inputs, Span<int> targets, int batch, int sequence)
    {
        for (int b = 0; b < batch; b++)
        {
            var s = Sequence();
            for (int t = 0; t < sequence; t++)
            {
                inputs[b * sequence + t] = s[t];
                targets[b * sequence + t] = t >= Digits + 1 ? s[t + 1] : -1;
            }
        }
    }

    private int[] Sequence()
    {
        var s = new int[Length];
        s[0] = Bos;
        s[Digits + 1] = Sep;
        s[^1] = Eos;
        for (int i = 0; i < Digits; i++)
            s[1 + i] = s[Digits + 2 + i] = (int)(_random.NextUInt64() % 10);
        return s;
    }
}
