namespace GraphNav.Experiments.Phenomena;

/// <summary>Every phenomenon the suite knows, in PHENOMENA.md order, and which scales run by default.</summary>
public static class PhenomenonRegistry
{
    /// <summary>A phenomenon and whether its quick scale is part of the default run.</summary>
    /// <param name="Phenomenon">The phenomenon.</param>
    /// <param name="QuickScale">True when it reproduces at quick scale (PHENOMENA.md §5); false: PaperScale only.</param>
    public sealed record Entry(IPhenomenon Phenomenon, bool QuickScale);

    /// <summary>All phenomena.</summary>
    public static IReadOnlyList<Entry> All { get; } =
    [
        new(new A1StepwiseGap(), QuickScale: true),
        new(new A2DiversityAccuracy(), QuickScale: true),
        new(new A3SimplicityBias(), QuickScale: false),
        new(new A4LearningDynamics(), QuickScale: false),
        new(new A5DistanceMechanism(), QuickScale: false),
        new(new A6CompositionalGeneralization(), QuickScale: true),
        new(new A7PrimacyBias(), QuickScale: false),
        new(new B1LengthExtrapolation(), QuickScale: false),
        new(new B2WeightTying(), QuickScale: false),
        new(new B3AttentionMimicking(), QuickScale: false),
        new(new B4AssociationHeads(), QuickScale: false),
        new(new B5LegoAttentionModule(), QuickScale: false),
        new(new B6aShortcut(), QuickScale: true),
        new(new B6bOrderedShortcut(), QuickScale: false),
    ];

    /// <summary>The phenomenon with this id (case-insensitive), or an error listing the known ids.</summary>
    public static IPhenomenon Get(string id) =>
        All.FirstOrDefault(e => string.Equals(e.Phenomenon.Id, id, StringComparison.OrdinalIgnoreCase))?.Phenomenon
        ?? throw new ArgumentException($"Unknown phenomenon '{id}'. Known: {string.Join(", ", All.Select(e => e.Phenomenon.Id))}.");
}
