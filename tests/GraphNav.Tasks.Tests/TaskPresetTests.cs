using GraphNav.Tasks.Motifs;

namespace GraphNav.Tasks.Tests;

/// <summary>
/// Presets are typed records, but task files (and the model cache keys hashed from them) keep the
/// <c>parameters</c> map they always wrote: the same names, values and order.
/// </summary>
public class TaskPresetTests
{
    [TestCase("bernoulli-quick", "n=100 p=0.1")]
    [TestCase("hierarchical-paper", "layers=10 width=20 p=0.15")]
    [TestCase("a1-direct", "layers=10 width=12 p=0.15 delta=2 far_train_fraction=0.05 min_test_per_class=100")]
    public void Parameters_keep_their_task_file_names_and_order(string name, string expected)
    {
        var preset = TaskPresets.Get(name);
        string written = string.Join(' ', preset.Parameters.Select(kv => FormattableString.Invariant($"{kv.Key}={kv.Value}")));
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(expected));
            Assert.That(preset.Create(2).Parameters, Is.EqualTo(preset.Parameters), "the task carries the preset's map");
        });
    }

    [Test]
    public void A1_presets_share_graph_and_split_and_differ_in_format()
    {
        var stepwise = TaskPresets.Get("a1-stepwise");
        var direct = TaskPresets.Get("a1-direct");
        Assert.Multiple(() =>
        {
            Assert.That(stepwise.Graph, Is.EqualTo(new HierarchicalGraph(Layers: 10, Width: 12, EdgeProbability: 0.15)));
            Assert.That(stepwise.Pairs, Is.EqualTo(new A1Split(Delta: 2, FarTrainFraction: 0.05, MinTestPerClass: 100)));
            Assert.That(direct with { Format = stepwise.Format, Name = stepwise.Name }, Is.EqualTo(stepwise));
        });
    }

    [Test]
    public void Motif_preset_is_the_quick_A6_task()
    {
        var preset = MotifPreset.Quick;
        var task = preset.Create(4);
        Assert.Multiple(() =>
        {
            Assert.That(task.Set.MotifCount, Is.EqualTo(preset.MotifCount));
            Assert.That(task.ContextLength, Is.EqualTo(31));
            Assert.That(MotifTask.CreateQuick(4).TrainOrders, Is.EqualTo(task.TrainOrders));
        });
    }
}
