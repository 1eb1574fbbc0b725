namespace GraphNav.Tasks.Lego;

/// <summary>The two disjoint random streams of a LEGO spec.</summary>
public enum LegoSplit
{
    /// <summary>Training sentences (stream 0).</summary>
    Train = 0,

    /// <summary>The fixed test set (stream 1).</summary>
    Test = 1,
}
