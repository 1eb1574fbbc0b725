namespace GraphNav.Models;

/// <summary>Identity of the engine's numerics, for cache keys and checkpoint metadata.</summary>
public static class EngineInfo
{
    /// <summary>
    /// Bumped whenever a change alters the bits the engine produces (initialisation order, kernel
    /// summation order, optimizer formula, sampling draws), so cached trained models are rebuilt.
    /// </summary>
    public const string Version = "graphnav-engine/3";
}
