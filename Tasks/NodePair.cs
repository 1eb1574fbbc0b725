namespace GraphNav.Tasks;

/// <summary>An ordered (start, goal) query on a graph.</summary>
public readonly record struct NodePair(int Start, int Goal) : IComparable<NodePair>
{
    /// <summary>Orders by start, then goal.</summary>
    public int CompareTo(NodePair other) =>
        Start != other.Start ? Start.CompareTo(other.Start) : Goal.CompareTo(other.Goal);
}
