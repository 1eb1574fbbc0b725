using BenchmarkDotNet.Validators;

namespace GraphNav.Benchmarks;

/// <summary>Fails the run when a benchmark has no [BenchmarkCategory]: CI selects benchmarks by category.</summary>
internal sealed class MandatoryCategoryValidator : IValidator
{
    public static readonly MandatoryCategoryValidator FailOnError = new();

    public bool TreatsWarningsAsErrors => true;

    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) =>
        validationParameters.Benchmarks
            .Where(b => b.Descriptor.Categories.Length == 0)
            .Select(b => new ValidationError(true, $"{b.Descriptor.DisplayInfo} has no [BenchmarkCategory]; add one so CI can select it.", b));
}
