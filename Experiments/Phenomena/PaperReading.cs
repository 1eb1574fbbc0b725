using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Phenomena;

/// <summary>
/// The paper's own reading of a phenomenon (issue #18), judged beside the project's stricter bar: its
/// checks collect here and its verdict goes into the record as parameters ("paper_reading" says what it
/// is, "paper_reading_verdict" Pass or Fail with the reason), so the main verdict stays the strict one.
/// </summary>
/// <param name="description">What the paper's reading compares, in one sentence.</param>
public sealed class PaperReading(string description)
{
    private readonly List<string> _failures = [];

    /// <summary>Parameter holding <see cref="Description"/>.</summary>
    public const string DescriptionParameter = "paper_reading";

    /// <summary>Parameter holding the verdict ("Pass — …" or "Fail — not met: …").</summary>
    public const string VerdictParameter = "paper_reading_verdict";

    /// <summary>What the reading compares.</summary>
    public string Description => description;

    /// <summary>One part of the reading; a false condition makes its verdict Fail with this reason.</summary>
    public bool Check(bool condition, string requirement)
    {
        if (!condition) _failures.Add(requirement);
        return condition;
    }

    /// <summary>Pass when every check held.</summary>
    public Verdict Verdict => _failures.Count == 0 ? Verdict.Pass : Verdict.Fail;

    /// <summary>The verdict with its reason, as recorded.</summary>
    public string Text => _failures.Count == 0
        ? "Pass — every part of the paper's reading holds"
        : "Fail — not met: " + string.Join("; ", _failures);

    /// <summary>Writes the description and verdict into <paramref name="result"/>'s parameters.</summary>
    public void Record(ResultBuilder result)
    {
        ArgumentNullException.ThrowIfNull(result);
        result.Parameter(DescriptionParameter, description).Parameter(VerdictParameter, Text);
    }
}
