namespace GraphNav.Experiments.Comparison;

/// <summary>Which way a measurement may move before a change counts as a regression.</summary>
public enum BetterDirection
{
    /// <summary>Neither direction is worse (a descriptive number, e.g. a peak temperature): reported, never a regression.</summary>
    None,

    /// <summary>Higher is better (accuracy, validity): a drop beyond the tolerance is a regression.</summary>
    Higher,

    /// <summary>Lower is better (an error rate): a rise beyond the tolerance is a regression.</summary>
    Lower,
}
