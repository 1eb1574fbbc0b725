// No namespace: a set-up fixture outside every namespace applies to the whole test assembly.

/// <summary>
/// Points the results history (GRAPHNAV_HISTORY) at a private temporary file for this test assembly:
/// the in-process `graphnav evaluate` runs of these tests append to it, never to the user's history.
/// </summary>
[SetUpFixture]
#pragma warning disable CA1050 // assembly-wide set-up fixtures live outside any namespace
public sealed class PrivateHistory
#pragma warning restore CA1050
{
    private string? _folder;

    /// <summary>Creates the private history folder and sets the variable.</summary>
    [OneTimeSetUp]
    public void Redirect()
    {
        _folder = Directory.CreateTempSubdirectory("graphnav-history-test").FullName;
        Environment.SetEnvironmentVariable(GraphNav.History.HistoryLocation.Variable, Path.Combine(_folder, "history.sqlite"));
    }

    /// <summary>Removes the folder and the variable.</summary>
    [OneTimeTearDown]
    public void Remove()
    {
        Environment.SetEnvironmentVariable(GraphNav.History.HistoryLocation.Variable, null);
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
    }
}
