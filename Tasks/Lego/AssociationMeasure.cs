namespace GraphNav.Tasks.Lego;

/// <summary>
/// Sums of the B4 association measure over queries (and, through <see cref="Add"/>, over sentences):
/// <see cref="Mass"/> and <see cref="Ratio"/> are the means over queries.
/// </summary>
/// <param name="Queries">Variable-name queries whose name occurs elsewhere.</param>
/// <param name="MassSum">Sum over queries of attention mass on the other same-token positions.</param>
/// <param name="RatioSum">Sum over queries of mass / its expectation under uniform attention.</param>
public readonly record struct AssociationMeasure(int Queries, double MassSum, double RatioSum)
{
    /// <summary>Mean association mass per query; NaN without queries.</summary>
    public double Mass => Queries == 0 ? double.NaN : MassSum / Queries;

    /// <summary>Mean ratio to uniform attention per query; NaN without queries.</summary>
    public double Ratio => Queries == 0 ? double.NaN : RatioSum / Queries;

    /// <summary>The measure over the queries of both.</summary>
    public AssociationMeasure Add(AssociationMeasure other) =>
        new(Queries + other.Queries, MassSum + other.MassSum, RatioSum + other.RatioSum);
}
