using GraphNav.Experiments.Lego;
using GraphNav.Models;
using GraphNav.Models.Gpt;
using GraphNav.Tasks.Lego;

namespace GraphNav.Experiments.Tests;

/// <summary>B4's per-head association measure over sentences (LegoAssociation).</summary>
public class LegoAssociationTests
{
    private static readonly LegoSpec Spec = LegoSpec.Create(4, 2, seed: 2, testSize: 60);

    [Test]
    public void A_model_whose_head_is_the_association_map_has_mass_one()
    {
        var sentences = new LegoGenerator(Spec).TestSet();
        var model = new AssociationOracle(Spec.ContextLength);
        var measured = LegoAssociation.Measure(model, sentences, Spec.ContextLength, Spec.CreateTokens());
        Assert.Multiple(() =>
        {
            Assert.That(measured, Has.Length.EqualTo(sentences.Count));
            Assert.That(LegoAssociation.Mass(measured, 0), Is.EqualTo(1.0).Within(1e-6), "head 0 attends only to matches");
            // Every variable occurs twice except the last chain variable (once): m = 1 match among T − 1 = 19 positions.
            Assert.That(LegoAssociation.Ratio(measured, 0), Is.EqualTo(19.0).Within(1e-4));
            Assert.That(LegoAssociation.Ratio(measured, 1), Is.EqualTo(1.0).Within(1e-4), "head 1 is uniform over other positions");
        });
    }

    [Test]
    public void A_randomly_initialised_encoder_attends_almost_uniformly()
    {
        var sentences = new LegoGenerator(Spec).TestSet();
        var plan = LegoTrainingPlan.Encoder(Spec, layers: 2, channels: 32, heads: 2, steps: 1, batch: 8, learningRate: 1e-3f);
        var model = new GptModel(plan.Model, seed: 0, maxBatch: 64);
        var measured = LegoAssociation.Measure(model, sentences, Spec.ContextLength, Spec.CreateTokens());
        for (int h = 0; h < 4; h++)
            Assert.That(LegoAssociation.Ratio(measured, h), Is.InRange(0.8, 1.2), $"head {h}");
    }

    /// <summary>Two heads, one layer: head 0 = FixedAttentionMaps.SameToken (association), head 1 = uniform over the other positions.</summary>
    private sealed class AssociationOracle(int context) : IAttentionModel
    {
        public int VocabSize => 2;

        public int? ContextLength => context;

        public int AttentionLayers => 1;

        public int AttentionHeads => 2;

        public void Logits(ReadOnlySpan<int> ids, int batch, int sequence, Span<float> logits) => logits.Clear();

        public void AttentionMaps(ReadOnlySpan<int> ids, int batch, int sequence, int layer, Span<float> maps)
        {
            int map = sequence * sequence;
            for (int b = 0; b < batch; b++)
            {
                FixedAttentionMaps.SameToken(ids.Slice(b * sequence, sequence), maps.Slice(2 * b * map, map));
                var uniform = maps.Slice((2 * b + 1) * map, map);
                for (int i = 0; i < sequence; i++)
                    for (int j = 0; j < sequence; j++)
                        uniform[i * sequence + j] = i == j ? 0f : 1f / (sequence - 1);
            }
        }
    }
}
