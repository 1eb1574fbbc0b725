using GraphNav.Models.Gpt;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// The LEGO structured maps (<see cref="FixedAttentionMaps"/>, defined once beside the engine) on LEGO
/// sentences: hand-computed rows of the worked example, row-stochastic on padded sentences, the
/// band, and the B4 association measure (<see cref="LegoAttention.MeasureAssociation"/>) on maps built from them.
/// </summary>
public class LegoAttentionMapsTests
{
    // "j = + k , k = + 1 , s = - j , u = + s ," — the worked example (LegoGeneratorTests).
    private static readonly LegoGenerator Worked = new(LegoSpec.Create(4, 2, seed: 7));
    private static int[] WorkedIds() => Worked.Sentence(LegoSplit.Train, 0).Ids.ToArray();

    private static float[] Association(ReadOnlySpan<int> ids)
    {
        var map = new float[ids.Length * ids.Length];
        FixedAttentionMaps.SameToken(ids, map);
        return map;
    }

    private static float[] Band(int sequence)
    {
        var map = new float[sequence * sequence];
        FixedAttentionMaps.Band(sequence, map);
        return map;
    }

    private static float[] Row(float[] map, int t, int i) => map.AsSpan(i * t, t).ToArray();

    private static float[] OneHot(int t, params (int Index, float Weight)[] entries)
    {
        var row = new float[t];
        foreach (var (index, weight) in entries) row[index] = weight;
        return row;
    }

    private static void AssertRowStochastic(float[] map, int t)
    {
        for (int i = 0; i < t; i++)
        {
            var row = Row(map, t, i);
            Assert.That(row, Is.All.GreaterThanOrEqualTo(0f));
            Assert.That(row.Sum(), Is.EqualTo(1f).Within(1e-6f), $"row {i}");
        }
    }

    [Test]
    public void Association_rows_of_the_worked_example_match_the_hand_computation()
    {
        var ids = WorkedIds();
        var map = Association(ids);
        Assert.Multiple(() =>
        {
            // Token 0 'j': the other 'j' is the operand at 13.
            Assert.That(Row(map, 20, 0), Is.EqualTo(OneHot(20, (13, 1f))));
            // Token 1 '=': the other '=' at 6, 11, 16.
            Assert.That(Row(map, 20, 1), Is.EqualTo(OneHot(20, (6, 1f / 3), (11, 1f / 3), (16, 1f / 3))));
            // Token 2 '+': the other '+' at 7 and 17 (12 is '-').
            Assert.That(Row(map, 20, 2), Is.EqualTo(OneHot(20, (7, 0.5f), (17, 0.5f))));
            // Token 3 'k' (operand) ↔ token 5 'k' (left-hand side).
            Assert.That(Row(map, 20, 3), Is.EqualTo(OneHot(20, (5, 1f))));
            Assert.That(Row(map, 20, 5), Is.EqualTo(OneHot(20, (3, 1f))));
            // Unique tokens attend to themselves: '1' at 8, '-' at 12, 'u' at 15.
            Assert.That(Row(map, 20, 8), Is.EqualTo(OneHot(20, (8, 1f))));
            Assert.That(Row(map, 20, 12), Is.EqualTo(OneHot(20, (12, 1f))));
            Assert.That(Row(map, 20, 15), Is.EqualTo(OneHot(20, (15, 1f))));
            // Token 4 ',': the other three separators.
            Assert.That(Row(map, 20, 4), Is.EqualTo(OneHot(20, (9, 1f / 3), (14, 1f / 3), (19, 1f / 3))));
        });
        AssertRowStochastic(map, 20);
    }

    [Test]
    public void Association_is_row_stochastic_on_padded_sentences()
    {
        var generator = new LegoGenerator(LegoSpec.Create(6, 2, contextLength: 36, seed: 3));
        var builder = new LegoBatchBuilder(generator);
        var inputs = new int[4 * 36];
        builder.FillTrain(0, 4, inputs, new int[4 * 36]);
        for (int b = 0; b < 4; b++) AssertRowStochastic(Association(inputs.AsSpan(b * 36, 36)), 36);
    }

    [Test]
    public void Manipulation_is_the_1_2_4_2_1_band_truncated_and_renormalised()
    {
        var map = Band(6);
        Assert.Multiple(() =>
        {
            Assert.That(Row(map, 6, 0), Is.EqualTo(OneHot(6, (0, 4f / 7), (1, 2f / 7), (2, 1f / 7))));
            Assert.That(Row(map, 6, 1), Is.EqualTo(OneHot(6, (0, 2f / 9), (1, 4f / 9), (2, 2f / 9), (3, 1f / 9))));
            Assert.That(Row(map, 6, 2), Is.EqualTo(OneHot(6, (0, 0.1f), (1, 0.2f), (2, 0.4f), (3, 0.2f), (4, 0.1f))));
            Assert.That(Row(map, 6, 5), Is.EqualTo(OneHot(6, (3, 1f / 7), (4, 2f / 7), (5, 4f / 7))));
            Assert.That(Band(1), Is.EqualTo(new[] { 1f }));
        });
        foreach (int t in new[] { 1, 2, 3, 5, 60 }) AssertRowStochastic(Band(t), t);
    }

    [Test]
    public void Association_measure_of_hand_built_maps()
    {
        // Queries: variable tokens whose name repeats — j at 0 and 13, k at 3 and 5, s at 10 and 18
        // (u at 15 is alone). Each has m = 1 match among T − 1 = 19 others: uniform expectation 1/19.
        var ids = WorkedIds();
        var vocabulary = Worked.Tokens;
        const int t = 20;
        var uniform = Enumerable.Repeat(1f / t, t * t).ToArray();
        var association = Association(ids);
        var halfSelf = new float[t * t];
        for (int i = 0; i < t; i++)
        {
            for (int j = 0; j < t; j++) halfSelf[i * t + j] = 0.5f * association[i * t + j] + (i == j ? 0.5f : 0f);
        }

        var u = LegoAttention.MeasureAssociation(uniform, ids, vocabulary);
        var a = LegoAttention.MeasureAssociation(association, ids, vocabulary);
        var h = LegoAttention.MeasureAssociation(halfSelf, ids, vocabulary);
        var sum = a.Add(h);
        Assert.Multiple(() =>
        {
            Assert.That(u.Queries, Is.EqualTo(6));
            Assert.That(u.Mass, Is.EqualTo(1.0 / 20).Within(1e-7));
            Assert.That(u.Ratio, Is.EqualTo(19.0 / 20).Within(1e-6)); // 1/20 over 1/19
            Assert.That(a.Mass, Is.EqualTo(1.0).Within(1e-7));
            Assert.That(a.Ratio, Is.EqualTo(19.0).Within(1e-5));
            Assert.That(h.Mass, Is.EqualTo(0.5).Within(1e-7));
            Assert.That(h.Ratio, Is.EqualTo(9.5).Within(1e-5));
            Assert.That(sum.Queries, Is.EqualTo(12));
            Assert.That(sum.Ratio, Is.EqualTo(14.25).Within(1e-5));
            Assert.That(default(AssociationMeasure).Ratio, Is.NaN);
        });
    }
}
