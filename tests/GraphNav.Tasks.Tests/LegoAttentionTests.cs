using GraphNav.Tasks.Lego;

namespace GraphNav.Tasks.Tests;

public class LegoAttentionTests
{
    // "j = + k , k = + 1 , s = - j , u = + s ," — the worked example (LegoGeneratorTests).
    private static readonly LegoGenerator Worked = new(LegoSpec.Create(4, 2, seed: 7));
    private static int[] WorkedIds() => Worked.Sentence(LegoSplit.Train, 0).Ids.ToArray();

    [Test]
    public void Uniform_attention_over_the_other_positions_has_ratio_1()
    {
        var ids = WorkedIds();
        const int t = 20;
        var map = new float[t * t];
        for (int i = 0; i < t; i++)
        {
            for (int j = 0; j < t; j++) map[i * t + j] = i == j ? 0f : 1f / (t - 1);
        }
        var measure = LegoAttention.MeasureAssociation(map, ids, Worked.Tokens);
        Assert.That(measure.Ratio, Is.EqualTo(1.0).Within(1e-6));
    }

    [Test]
    public void A_map_of_the_wrong_size_is_rejected()
    {
        Assert.That(() => LegoAttention.MeasureAssociation(new float[399], WorkedIds(), Worked.Tokens),
            Throws.ArgumentException.With.Message.Contains("T × T = 400"));
    }
}
