using System.Reflection;
using GraphNav.Experiments.Phenomena;
using GraphNav.Experiments.Results;

namespace GraphNav.Experiments.Tests;

/// <summary>
/// The B specs declared keys that records written before the specs already used (keys made from the
/// labels by <see cref="MeasureKey.FromLabel"/>): every declared key, its placeholders filled, must
/// still equal the key its label would give, so older records, history and comparisons keep matching.
/// </summary>
public class BSpecKeysTests
{
    private static readonly Type[] Specs = [typeof(B1Spec), typeof(B2Spec), typeof(B3Spec), typeof(B4Spec), typeof(B5Spec), typeof(B6bSpec)];

    public static IEnumerable<TestCaseData> Keys() =>
        from spec in Specs
        from field in spec.GetFields(BindingFlags.Public | BindingFlags.Static)
        where field.FieldType == typeof(MeasureKey)
        select new TestCaseData((MeasureKey)field.GetValue(null)!).SetArgDisplayNames($"{spec.Name}.{field.Name}");

    [TestCaseSource(nameof(Keys))]
    public void Declared_key_equals_the_key_of_its_label(MeasureKey key)
    {
        var filled = key.Of(3, 7);
        Assert.That(filled.Key, Is.EqualTo(MeasureKey.FromLabel(filled.Label).Key));
    }

    [Test]
    public void Every_B_spec_declares_keys() =>
        Assert.That(Specs.Where(s => !s.GetFields(BindingFlags.Public | BindingFlags.Static).Any(f => f.FieldType == typeof(MeasureKey))), Is.Empty);
}
