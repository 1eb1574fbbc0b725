namespace GraphNav.Tasks.Lego;

/// <summary>
/// The B6a shortcut probe (docs/PHENOMENA.md §3): how often a model's answers equal a rule that reads the
/// sentence's one digit clause and the queried clause's own sign, instead of following the chain.
/// </summary>
/// <remarks>
/// docs/PHENOMENA.md states the rule as "clause's digit XOR its own sign". Only the chain's first clause
/// holds a digit, so we read "digit" as the value that clause gives (its sign times 1), wherever it
/// sits in the sentence, and define, for the clause at chain position p:
/// <list type="bullet">
/// <item>p = 1: the value itself (the clause's own digit with its own sign). Applying "value XOR own
/// sign" here would give +1 always, which no model that fits position 1 predicts.</item>
/// <item>p ≥ 2: value(first) · sign(clause), i.e. in bits the first value XOR the clause's sign bit.</item>
/// </list>
/// At p = 2 this equals the truth (value(b) = sign(b)·value(a)), so a model that learns positions 1–2
/// through this rule is exact there and agrees with it 100% at every position, while at p ≥ 3 the
/// truth is value(first)·sign(2)·…·sign(p), which matches the rule only when the signs of positions
/// 2…p−1 multiply to +1 — half the time: such a model is at chance on true values at p ≥ 3.
/// </remarks>
public static class LegoShortcutProbe
{
    /// <summary>The shortcut label (1 for +1, 0 for −1) of the clause at sentence slot <paramref name="clause"/>.</summary>
    public static int ShortcutLabel(LegoSentence sentence, int clause)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        int first = sentence.ClauseAt(1);
        if (clause == first) return sentence.Label(first);
        int firstValue = sentence.Label(first) == 1 ? 1 : -1;
        return firstValue * sentence.Sign(clause) > 0 ? 1 : 0;
    }

    /// <summary>Fraction of answers equal to the shortcut label at each chain position (element p − 1 is position p).</summary>
    public static double[] AgreementByPosition(IReadOnlyList<LegoOutcome> outcomes) =>
        LegoScoring.FractionByPosition(outcomes, static (o, p) => o.AgreesWithShortcut(p));

    /// <summary>Mean shortcut agreement over chain positions <paramref name="firstPosition"/>…<paramref name="lastPosition"/>.</summary>
    public static double Agreement(IReadOnlyList<LegoOutcome> outcomes, int firstPosition, int lastPosition) =>
        LegoScoring.FractionOver(outcomes, firstPosition, lastPosition, static (o, p) => o.AgreesWithShortcut(p));
}
