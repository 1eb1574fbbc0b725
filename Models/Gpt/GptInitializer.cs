namespace GraphNav.Models.Gpt;

/// <summary>
/// The initial weights, drawn from <see cref="SeededRandom"/>(seed) tensor by tensor in the
/// canonical order of <see cref="GptParameters.All"/>, each in row-major order:
/// weights ~ N(0, 0.02); wte, wpe ~ N(0, <see cref="GptConfig.EmbeddingInitStd"/> ?? 0.02); the residual output projections attprojw and fcprojw
/// ~ N(0, 0.02/√(2L)) under <see cref="GptInitialization.Gpt2"/> (nanoGPT, the default) and N(0, 0.02)
/// under <see cref="GptInitialization.Bert"/>; biases 0 (incl. the classifier head's lmheadb);
/// LayerNorm weights 1 and biases 0. Both schemes draw the same normals in the same order, so they
/// differ only in the residual projections' scale.
/// </summary>
public static class GptInitializer
{
    /// <summary>Overwrites every parameter of <paramref name="parameters"/>.</summary>
    public static void Initialize(GptParameters parameters, GptConfig config, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(config);
        var rng = new SeededRandom(seed);
        float embeddingStd = config.EmbeddingInitStd ?? 0.02f;
        float residualStd = config.Initialization == GptInitialization.Bert ? 0.02f : 0.02f / MathF.Sqrt(2f * config.Layers);
        foreach (var tensor in parameters.All)
        {
            var span = tensor.Span;
            switch (tensor.Name)
            {
                case "ln1w" or "ln2w" or "lnfw" or "lnew":
                    span.Fill(1f);
                    break;
                case "ln1b" or "ln2b" or "lnfb" or "lneb" or "qkvb" or "attprojb" or "fcb" or "fcprojb" or "lmheadb":
                    span.Clear();
                    break;
                default:
                    float std = tensor.Name switch
                    {
                        "attprojw" or "fcprojw" => residualStd,
                        "wte" or "wpe" => embeddingStd,
                        _ => 0.02f,
                    };
                    for (int i = 0; i < span.Length; i++) span[i] = std * rng.NextNormal();
                    break;
            }
        }
    }
}
