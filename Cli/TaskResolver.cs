using GraphNav.Tasks;
using GraphNav.Tasks.Files;

namespace GraphNav.Cli;

/// <summary>Resolves a --task value: a preset name, a task.json file or a task directory.</summary>
internal static class TaskResolver
{
    public static GraphTask Resolve(string value, int seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (File.Exists(value) || Directory.Exists(value)) return TaskFile.Load(value);
        if (TaskPresets.Names.Contains(value)) return TaskPresets.Create(value, seed);
        throw new ArgumentException(
            $"--task '{value}' is neither a task file or directory nor a preset. Presets: {string.Join(", ", TaskPresets.Names)}.");
    }
}
