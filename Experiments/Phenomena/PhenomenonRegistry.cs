namespace GraphNav.Experiments.Phenomena;

/// <summary>Every phenomenon the suite knows, in docs/PHENOMENA.md order. Each says itself at which
/// scales it runs (<see cref="IPhenomenon.QuickRun"/>); the Suite's fixtures, <c>graphnav evaluate
/// --phenomena</c> and the README rows are derived from this list.</summary>
public static class PhenomenonRegistry
{
    /// <summary>A phenomenon of the registry.</summary>
    /// <param name="Phenomenon">The phenomenon.</param>
    public sealed record Entry(IPhenomenon Phenomenon)
    {
        /// <summary>True when its quick scale is part of the default run.</summary>
        public bool QuickScale => Phenomenon.QuickRun == QuickScaleRun.Default;
    }

    /// <summary>All phenomena.</summary>
    public static IReadOnlyList<Entry> All { get; } =
    [
        new(new A1StepwiseGap()),
        new(new A2DiversityAccuracy()),
        new(new A3SimplicityBias()),
        new(new A4LearningDynamics()),
        new(new A5DistanceMechanism()),
        new(new A6CompositionalGeneralization()),
        new(new A7PrimacyBias()),
        new(new B1LengthExtrapolation()),
        new(new B2WeightTying()),
        new(new B3AttentionMimicking()),
        new(new B4AssociationHeads()),
        new(new B5LegoAttentionModule()),
        new(new B6aShortcut()),
        new(new B6bOrderedShortcut()),
    ];

    /// <summary>The phenomenon with this id (case-insensitive), or an error listing the known ids.</summary>
    public static IPhenomenon Get(string id) =>
        All.FirstOrDefault(e => string.Equals(e.Phenomenon.Id, id, StringComparison.OrdinalIgnoreCase))?.Phenomenon
        ?? throw new ArgumentException($"Unknown phenomenon '{id}'. Known: {string.Join(", ", All.Select(e => e.Phenomenon.Id))}.");
}
