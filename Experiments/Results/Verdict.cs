namespace GraphNav.Experiments.Results;

/// <summary>How a phenomenon's measurement compares with its bar.</summary>
public enum Verdict
{
    /// <summary>The bar is cleared (on a competent model, with the interval on the claimed side).</summary>
    Pass,

    /// <summary>The bar is not cleared, or the model is below the competence floor.</summary>
    Fail,

    /// <summary>The phenomenon cannot be measured on this model (a missing capability, or it needs training).</summary>
    Inconclusive,
}
