using System.Globalization;
using GraphNav.Experiments.Phenomena;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Lego;

/// <summary>A named LEGO task of the suite (<c>graphnav task list / export --task NAME</c>); the task's
/// settings are the typed <see cref="LegoSpec"/> its phenomenon's spec declares.</summary>
/// <param name="Name">Registry name, e.g. "lego-b6a".</param>
/// <param name="Description">One line for <c>task list</c>.</param>
/// <param name="Create">The task of a seed.</param>
public sealed record LegoTaskPreset(string Name, string Description, Func<int, LegoSpec> Create);

/// <summary>The registry of named LEGO tasks, taken from the specs that own them.</summary>
public static class LegoTaskPresets
{
    /// <summary>All LEGO presets: B6a's quick-scale task and the paper-scale task of B1–B5 and B6b.</summary>
    public static IReadOnlyList<LegoTaskPreset> All { get; } =
    [
        new("lego-b6a", Invariant($"n={B6aSpec.Task(Scale.Quick, 0).Variables}, k={B6aSpec.Supervised} (B6a: loss on the first {B6aSpec.Supervised} chain positions)"),
            seed => B6aSpec.Task(Scale.Quick, seed)),
        new("lego-paper", Invariant($"n={PaperLegoModels.Variables}, k={PaperLegoModels.Supervised}, fresh training sentences, {PaperLegoModels.TestSize} test sentences (B1-B5 and B6b at paper scale)"),
            seed => PaperLegoModels.Spec(seed)),
    ];

    /// <summary>The LEGO preset called <paramref name="name"/>, or null when it is not one.</summary>
    public static LegoTaskPreset? Find(string? name) => All.FirstOrDefault(p => p.Name == name);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
