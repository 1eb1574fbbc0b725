using System.Globalization;
using GraphNav.Models.Gpt;

namespace GraphNav.Experiments.Phenomena;

/// <summary>The q·kᵀ work one model's engine dispatched in one forward + backward (<see cref="AttentionWorkCounter"/>).</summary>
/// <param name="Forward">Forward q·kᵀ multiply-adds.</param>
/// <param name="Backward">Backward multiply-adds of the learned maps (d att, dq, dk).</param>
/// <param name="Tokens">Tokens of the batch (B·T).</param>
/// <param name="LearnedHeadPasses">(sequence, layer, head) units through the learned-attention kernel.</param>
/// <param name="FixedHeadPasses">(sequence, layer, head) units that used a hard-coded map.</param>
public readonly record struct QueryKeyWork(long Forward, long Backward, long Tokens, long LearnedHeadPasses, long FixedHeadPasses)
{
    /// <summary>Forward + backward.</summary>
    public long Total => Forward + Backward;

    /// <summary>Forward + backward multiply-adds per token.</summary>
    public double PerToken => (double)Total / Tokens;
}

/// <summary>B5's two models' counted q·kᵀ work on the same batch.</summary>
/// <param name="Vanilla">The vanilla encoder's.</param>
/// <param name="HardCoded">The encoder with hard-coded heads (the LEGO attention module).</param>
public readonly record struct B5WorkComparison(QueryKeyWork Vanilla, QueryKeyWork HardCoded)
{
    /// <summary>Hard-coded / vanilla work per token.</summary>
    public double Ratio => HardCoded.PerToken / Vanilla.PerToken;

    /// <summary>Whether the ratio is the bar's 1 − k/h (<see cref="B5Spec.ClaimedWorkRatio"/>): the counts
    /// are exact integers, so only the rounding of the division is tolerated.</summary>
    public bool HoldsClaim(int heads) => Math.Abs(Ratio - B5Spec.ClaimedWorkRatio(heads)) < 1e-12;

    /// <summary>The claim's requirement with the counted ratio, for the record and the check.</summary>
    public string Requirement(int heads) => string.Create(CultureInfo.InvariantCulture,
        $"counted q·kᵀ work per token (forward + backward at initialisation), hard-coded / vanilla = 1 − k/h = {B5Spec.ClaimedWorkRatio(heads):0.###} " +
        $"(got {HardCoded.PerToken:0} / {Vanilla.PerToken:0} = {Ratio:0.###})");
}
