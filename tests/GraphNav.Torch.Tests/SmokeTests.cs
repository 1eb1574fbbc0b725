using TorchSharp;

namespace GraphNav.Torch.Tests;

public class SmokeTests
{
    [Test]
    public void Adds()
    {
        using var a = torch.ones(3);
        using var b = a + a;
        Assert.That(b.sum().item<float>(), Is.EqualTo(6f));
    }
}
