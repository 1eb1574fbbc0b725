using GraphNav.Experiments.Phenomena;

namespace GraphNav.Experiments.Tests;

/// <summary>Issue #18: capability checks say "does not apply" for models a phenomenon cannot measure.</summary>
public class CapabilityCheckTests
{
    private static ModelProfile Profile(string kind, int layers = 1, int heads = 1, bool? attentionOnly = true, int? legoK = null) =>
        new("ONNX model m.onnx", kind, kind, "m.onnx", TaskProblem: "", LogitsPerPosition: kind == ModelProfile.Lego ? 2 : 40,
            layers, heads, attentionOnly, AttentionUnavailable: "", EmbeddingsUnavailable: "", legoK);

    [Test]
    public void B6a_does_not_apply_to_an_encoder_trained_with_another_k()
    {
        // B6a's bar reads positions k+1…n against chance for k = 2; another k is another experiment.
        var other = new B6aShortcut().AppliesTo(Profile(ModelProfile.Lego, layers: 2, heads: 2, attentionOnly: false, legoK: 3));
        var two = new B6aShortcut().AppliesTo(Profile(ModelProfile.Lego, layers: 2, heads: 2, attentionOnly: false, legoK: B6aSpec.Supervised));
        Assert.Multiple(() =>
        {
            Assert.That(other.Applies, Is.False);
            Assert.That(other.Reason, Does.Contain("k = 3").And.Contain("k = 2"));
            Assert.That(two.Applies, Is.True, two.Reason);
        });
    }

    [Test]
    public void A5_does_not_apply_when_the_file_does_not_say_it_is_attention_only()
    {
        // One layer and one head are not enough: A5's scores are the mechanism of a model without MLP blocks.
        var unknown = new A5DistanceMechanism().AppliesTo(Profile(ModelProfile.Graph, attentionOnly: null));
        var withMlp = new A5DistanceMechanism().AppliesTo(Profile(ModelProfile.Graph, attentionOnly: false));
        var attentionOnly = new A5DistanceMechanism().AppliesTo(Profile(ModelProfile.Graph, attentionOnly: true));
        Assert.Multiple(() =>
        {
            Assert.That(unknown.Applies, Is.False);
            Assert.That(unknown.Reason, Does.Contain("attention-only"));
            Assert.That(withMlp.Applies, Is.False);
            Assert.That(attentionOnly.Applies, Is.True, attentionOnly.Reason);
        });
    }
}
