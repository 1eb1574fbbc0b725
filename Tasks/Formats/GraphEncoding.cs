namespace GraphNav.Tasks.Formats;

/// <summary>Turns (start, goal, path) into token ids in the stepwise and direct formats.</summary>
public static class GraphEncoding
{
    /// <summary>Length of the prompt <c>goal start :</c>.</summary>
    public const int PromptLength = 3;

    /// <summary>The prompt <c>goal start :</c>.</summary>
    public static int[] Prompt(TokenMap tokens, int start, int goal)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return [tokens.Node(goal), tokens.Node(start), tokens.Colon];
    }

    /// <summary>
    /// Prompt + completion. <paramref name="path"/> is the node list start … goal for a reachable pair,
    /// or null for an unreachable one (completion <c>NOPATH END</c> in both formats).
    /// </summary>
    public static Example Encode(TokenMap tokens, SequenceFormat format, int start, int goal, int[]? path)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var prompt = Prompt(tokens, start, goal);
        if (path is null)
            return new Example([.. prompt, tokens.NoPath, tokens.End], PromptLength);
        if (format == SequenceFormat.Direct)
            return new Example([.. prompt, tokens.Path, tokens.End], PromptLength);
        if (format != SequenceFormat.Stepwise)
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sequence format.");
        if (path.Length < 2 || path[0] != start || path[^1] != goal)
            throw new ArgumentException($"A stepwise path must run from start {start} to goal {goal} with at least one edge.", nameof(path));
        var ids = new int[PromptLength + path.Length + 1];
        prompt.CopyTo(ids, 0);
        for (int i = 0; i < path.Length; i++) ids[PromptLength + i] = tokens.Node(path[i]);
        ids[^1] = tokens.End;
        return new Example(ids, PromptLength);
    }
}
