using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Phenomena;

/// <summary>Runs a phenomenon the same way for the NUnit suite and the CLI.</summary>
public static class PhenomenonRunner
{
    /// <summary>
    /// Runs <paramref name="phenomenon"/>. On an external model, the phenomenon's applicability
    /// (<see cref="IPhenomenon.AppliesTo"/>) is checked first, on the model's profile: one model file
    /// is asked every phenomenon and most do not fit it, so one that does not is Inconclusive
    /// ("does not apply to …: reason") without measuring anything. A phenomenon that applies is run,
    /// and what fails while measuring (NaN logits, a broken file) is an error, not a verdict.
    /// </summary>
    public static PhenomenonResult Run(IPhenomenon phenomenon, PhenomenonContext context) =>
        Run(phenomenon, context, context?.ExternalModel is null ? null : ModelProfile.Open(context));

    /// <summary>
    /// <see cref="Run(IPhenomenon, PhenomenonContext)"/> with the external model's profile computed
    /// once by the caller (<see cref="ModelProfile.Open"/>), for a run that asks one model many phenomena.
    /// </summary>
    /// <param name="phenomenon">The phenomenon.</param>
    /// <param name="context">The run; names the external model when <paramref name="profile"/> is not null.</param>
    /// <param name="profile">The external model's profile; null when the run trains its own models.</param>
    public static PhenomenonResult Run(IPhenomenon phenomenon, PhenomenonContext context, ModelProfile? profile)
    {
        ArgumentNullException.ThrowIfNull(phenomenon);
        ArgumentNullException.ThrowIfNull(context);
        if (context.ExternalModel is not null)
        {
            ArgumentNullException.ThrowIfNull(profile);
            var applies = phenomenon.AppliesTo(profile);
            if (!applies.Applies)
                return new ResultBuilder(phenomenon, context).Inconclusive(DoesNotApply(context.ExternalModel, applies.Reason));
        }
        return phenomenon.Run(context);
    }

    /// <summary>The verdict reason of a phenomenon that does not apply to an external model.</summary>
    public static string DoesNotApply(string model, string reason) => $"does not apply to {model}: {reason}";
}
