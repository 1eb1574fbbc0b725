using GraphNav.Models;
using GraphNav.Models.Gpt;
using GraphNav.Models.Sampling;

namespace GraphNav.Experiments.Graph;

/// <summary>Something that continues prompts: the engine (with its KV cache) or any ITokenModel.</summary>
public interface ICompletionSource
{
    /// <summary>Vocabulary size of the model behind the source.</summary>
    int VocabSize { get; }

    /// <summary>Longest sequence the model accepts; null when unbounded.</summary>
    int? ContextLength { get; }

    /// <summary>Continues each prompt; per prompt the generated tokens (with the stop token if produced).</summary>
    int[][] Generate(IReadOnlyList<int[]> prompts, SamplingOptions options);
}

/// <summary>Completions from the C# engine, decoded with its KV cache.</summary>
public sealed class EngineCompletionSource(GptModel model) : ICompletionSource
{
    /// <inheritdoc />
    public int VocabSize => model.VocabSize;

    /// <inheritdoc />
    public int? ContextLength => model.Config.ContextLength;

    /// <inheritdoc />
    public int[][] Generate(IReadOnlyList<int[]> prompts, SamplingOptions options) => GptSampler.Generate(model, prompts, options);
}

/// <summary>Completions from any <see cref="ITokenModel"/> (e.g. an ONNX file), recomputing the forward per token.</summary>
public sealed class TokenModelCompletionSource(ITokenModel model) : ICompletionSource
{
    /// <inheritdoc />
    public int VocabSize => model.VocabSize;

    /// <inheritdoc />
    public int? ContextLength => model.ContextLength;

    /// <inheritdoc />
    public int[][] Generate(IReadOnlyList<int[]> prompts, SamplingOptions options) => TokenModelSampler.Generate(model, prompts, options);
}

/// <summary>Completions from an ONNX KV-cache export (past_key_values → present), decoded incrementally through ORT.</summary>
public sealed class OnnxKvCompletionSource(Export.Gpt.OnnxKvGenerator generator) : ICompletionSource
{
    /// <inheritdoc />
    public int VocabSize => generator.VocabSize;

    /// <inheritdoc />
    public int? ContextLength => generator.ContextLength;

    /// <inheritdoc />
    public int[][] Generate(IReadOnlyList<int[]> prompts, SamplingOptions options) => generator.Generate(prompts, options);
}
