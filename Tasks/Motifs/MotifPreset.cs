namespace GraphNav.Tasks.Motifs;

/// <summary>
/// A recipe for a <see cref="MotifTask"/> (the A6 setting), every setting a named field; <see cref="Create"/>
/// draws the motifs and the order split for a seed.
/// </summary>
/// <param name="MotifCount">K, the number of motifs.</param>
/// <param name="Layers">Layers of each motif's hierarchical graph.</param>
/// <param name="Width">Nodes per layer of each motif.</param>
/// <param name="EdgeProbability">p, the probability of each edge between consecutive layers of a motif.</param>
/// <param name="TrainLength">K_train, the longest chain of motifs trained on.</param>
/// <param name="HeldOutFraction">Fraction of the orders of length 2…K_train held out of training (A6 test 1).</param>
public sealed record MotifPreset(int MotifCount, int Layers, int Width, double EdgeProbability, int TrainLength, double HeldOutFraction)
{
    /// <summary>
    /// Quick-scale A6 default (ours, not yet calibrated against a trained model): 5 motifs of 3 layers × 4
    /// nodes, p = 0.4, K_train = 3, 20% of the 2- and 3-motif orders held out; T = 31 (4 exemplars, a 5-motif path).
    /// </summary>
    public static MotifPreset Quick { get; } = new(MotifCount: 5, Layers: 3, Width: 4, EdgeProbability: 0.4, TrainLength: 3, HeldOutFraction: 0.2);

    /// <summary>The task of <paramref name="seed"/> (<see cref="MotifTask.Create"/>).</summary>
    public MotifTask Create(int seed) => MotifTask.Create(MotifCount, Layers, Width, EdgeProbability, TrainLength, HeldOutFraction, seed);
}
