using GraphNav.Common;

namespace GraphNav.Tasks;

/// <summary>
/// Upper bounds on the sizes a task file may ask for, checked before anything is allocated (issue
/// 14: a task with 2^31−1 nodes or a LEGO test set of 2e9 sentences must be a clear error, not an
/// out-of-memory crash). Each can be raised with its GRAPHNAV_LIMIT_* variable where a larger task
/// is meant; the defaults are far above every preset.
/// </summary>
internal static class TaskLimits
{
    /// <summary>Graph nodes (the reachability matrix takes N²/8 bytes: 32 MB at the default).</summary>
    public static readonly InputLimit Nodes = new("NODES", 16_384);

    /// <summary>Context length T of a task (the engine's own maximum).</summary>
    public static readonly InputLimit ContextLength = new("CONTEXT_LENGTH", 4096);

    /// <summary>LEGO test sentences (held in memory at once).</summary>
    public static readonly InputLimit LegoTestSize = new("LEGO_TEST_SIZE", 1_000_000);

    /// <summary>LEGO fixed training set (the paper uses 120k).</summary>
    public static readonly InputLimit LegoTrainSize = new("LEGO_TRAIN_SIZE", 10_000_000);

    /// <summary>LEGO variable names (each one a token).</summary>
    public static readonly InputLimit LegoAlphabet = new("LEGO_ALPHABET", 4096);

    /// <summary>task.json files (bytes).</summary>
    public static readonly InputLimit TaskJsonBytes = new("TASK_JSON_BYTES", 256L << 20);

    /// <summary>train.jsonl / test.jsonl files (bytes; read into memory whole).</summary>
    public static readonly InputLimit JsonlBytes = new("JSONL_BYTES", 2L << 30);
}
