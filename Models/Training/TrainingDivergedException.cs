namespace GraphNav.Models.Training;

/// <summary>
/// The loss stopped being a finite number (thrown before the parameters are touched). A type of its
/// own so a command line can tell the user's settings (too high a learning rate) from a bug: it
/// derives from InvalidOperationException, which callers caught before it existed.
/// </summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception with its message.</summary>
    public TrainingDivergedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public TrainingDivergedException()
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public TrainingDivergedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
