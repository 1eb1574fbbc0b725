namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// Whether a phenomenon can measure an external model (<see cref="IPhenomenon.AppliesTo"/>), and why
/// not when it cannot. Decided from a <see cref="ModelProfile"/> before anything is measured.
/// </summary>
/// <param name="Applies">True when the phenomenon measures the model.</param>
/// <param name="Reason">Why it does not apply ("" when it does).</param>
public sealed record Applicability(bool Applies, string Reason)
{
    /// <summary>The phenomenon measures the model.</summary>
    public static Applicability Yes { get; } = new(Applies: true, Reason: "");

    /// <summary>The phenomenon does not apply, for <paramref name="reason"/>.</summary>
    public static Applicability No(string reason) => new(Applies: false, Reason: reason);

    /// <summary>
    /// Applies when the model's task is of <paramref name="kind"/> and usable with the model (its file
    /// reads, the model covers its ids); else the reason: the task problem, or the kind mismatch.
    /// </summary>
    /// <param name="model">The model's profile.</param>
    /// <param name="kind">A <see cref="ModelProfile.TaskKind"/> value (graph, motif, lego).</param>
    /// <param name="measures">What the phenomenon measures, e.g. "the B phenomena measure LEGO encoders".</param>
    public static Applicability ForTask(ModelProfile model, string kind, string measures)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.TaskKind is null) return No(model.TaskProblem);
        if (model.TaskKind != kind)
            return No(ModelProfile.WrongKind(model.Description, model.TaskSource, model.TaskKindDeclared, kind, measures));
        return model.TaskProblem.Length > 0 ? No(model.TaskProblem) : Yes;
    }
}
