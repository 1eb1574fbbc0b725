namespace Sample;

/// <summary>The user's own code: whatever the project builds besides gating its model.</summary>
public static class Library
{
    /// <summary>A placeholder member.</summary>
    public static string Name => "sample";
}
