namespace GraphNav.Tasks;

/// <summary>Graph kinds as written in task files.</summary>
public static class TaskKinds
{
    /// <summary><c>bernoulli(N, p)</c>.</summary>
    public const string Bernoulli = "bernoulli";
    /// <summary><c>hierarchical(L, W, p)</c>.</summary>
    public const string Hierarchical = "hierarchical";
    /// <summary>A user's own graph brought in by <see cref="Files.GraphImport"/> (no generator).</summary>
    public const string Imported = "imported";
    /// <summary>Motif chains with exemplars (<see cref="Motifs.MotifTask"/>).</summary>
    public const string Motif = "motif";
    /// <summary>LEGO chains (paper B), see <see cref="Files.LegoTaskFile"/>.</summary>
    public const string Lego = "lego";
}
