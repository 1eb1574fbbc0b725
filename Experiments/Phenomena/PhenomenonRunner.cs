using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Phenomena;

/// <summary>Runs a phenomenon the same way for the NUnit suite and the CLI.</summary>
public static class PhenomenonRunner
{
    /// <summary>
    /// Runs <paramref name="phenomenon"/>. On an external model, a phenomenon that cannot apply (a task
    /// of another kind, a vocabulary too small, a missing capability) is Inconclusive with the reason
    /// rather than an error: one model file is asked every phenomenon, and most do not fit it.
    /// </summary>
    public static PhenomenonResult Run(IPhenomenon phenomenon, PhenomenonContext context)
    {
        ArgumentNullException.ThrowIfNull(phenomenon);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return phenomenon.Run(context);
        }
        catch (Exception e) when (context.ExternalModel is not null && e is ArgumentException or InvalidDataException or NotSupportedException)
        {
            return new ResultBuilder(phenomenon, context).Inconclusive($"does not apply to {context.ExternalModel}: {e.Message}");
        }
    }
}
