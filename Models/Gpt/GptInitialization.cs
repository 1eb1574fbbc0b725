namespace GraphNav.Models.Gpt;

/// <summary>How <see cref="GptInitializer"/> draws a model's initial weights from its seed.</summary>
public enum GptInitialization
{
    /// <summary>GPT-2 / nanoGPT: weights and embeddings ~ N(0, 0.02), the residual output projections
    /// (attprojw, fcprojw) ~ N(0, 0.02/√(2L)) so the residual stream's variance does not grow with depth.</summary>
    Gpt2 = 0,

    /// <summary>BERT: every weight matrix and embedding ~ N(0, 0.02), residual projections unscaled
    /// (the LEGO paper's encoder).</summary>
    Bert = 1,
}
