using System.Globalization;
using System.Text;

namespace GraphNav.Experiments.Lego.Recipe;

/// <summary>One evaluation of a recipe run: after <paramref name="Step"/> steps, the last step's loss
/// and learning rate, wall-clock seconds of training so far in this invocation's sense (see the log),
/// accuracy per chain position 1…n on the test set, and the association of the head that attends most
/// to other occurrences of the query's token (null in rows logged before the measure existed).</summary>
public sealed record LegoRecipePoint(int Step, double Loss, double LearningRate, double Seconds, IReadOnlyList<double> Accuracy,
    LegoRecipeAssociation? Association = null);

/// <summary>B4's association measure for the head with the largest mass: <paramref name="Head"/> = layer · NH + head,
/// <paramref name="Mass"/> = its attention on other positions holding the query's token, <paramref name="Ratio"/> =
/// that mass over its expectation under uniform attention (1 = no preference; B4's bar is mass ≥ 0.5 and ratio ≥ 5).</summary>
public sealed record LegoRecipeAssociation(int Head, double Mass, double Ratio)
{
    /// <summary>The head as "L{layer}.H{head}" in a model of <paramref name="heads"/> heads per layer.</summary>
    public string HeadName(int heads) => LegoAssociation.HeadName(Head, heads);
}

/// <summary>
/// The per-position accuracy log of one seed, a CSV file (step,loss,lr,seconds,pos1…posn,
/// assoc_head,assoc_mass,assoc_ratio; the last three empty where not measured, absent in older files) that
/// survives interruption: the whole file is rewritten atomically (temp file, rename) on every
/// append, and a point at step s replaces every point at steps ≥ s — so a run resumed from an
/// earlier checkpoint overwrites the rows it recomputes (bit-identical ones, the engine being
/// deterministic) instead of duplicating them.
/// </summary>
public sealed class LegoRecipeLog
{
    private readonly List<LegoRecipePoint> _points = [];

    /// <summary>Opens the log at <paramref name="path"/> (reading its points when it exists).</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a recipe log of n positions.</exception>
    public LegoRecipeLog(string path, int variables)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        Variables = variables;
        if (File.Exists(path)) _points.AddRange(Read(path, variables));
    }

    /// <summary>The CSV file.</summary>
    public string Path { get; }

    /// <summary>n: accuracy columns per row.</summary>
    public int Variables { get; }

    /// <summary>Points in step order.</summary>
    public IReadOnlyList<LegoRecipePoint> Points => _points;

    /// <summary>The first logged point at which every supervised position 1…<paramref name="k"/> is at the
    /// competence floor (≥ <see cref="Phenomena.B1Spec.Floor"/>), or null.</summary>
    public LegoRecipePoint? FirstAtFloor(int k) =>
        _points.FirstOrDefault(p => p.Accuracy.Take(k).All(a => a >= Phenomena.B1Spec.Floor));

    /// <summary>Adds <paramref name="point"/>, dropping points at the same or later steps, and rewrites the file.</summary>
    public void Append(LegoRecipePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Accuracy.Count != Variables)
            throw new ArgumentException($"A recipe point needs {Variables} accuracies (one per chain position), got {point.Accuracy.Count}.", nameof(point));
        _points.RemoveAll(p => p.Step >= point.Step);
        _points.Add(point);
        Write();
    }

    private void Write()
    {
        var text = new StringBuilder();
        text.Append("step,loss,lr,seconds");
        for (int i = 1; i <= Variables; i++) text.Append(CultureInfo.InvariantCulture, $",pos{i}");
        text.Append(",assoc_head,assoc_mass,assoc_ratio\n");
        foreach (var p in _points)
        {
            text.Append(CultureInfo.InvariantCulture, $"{p.Step},{p.Loss:R},{p.LearningRate:R},{p.Seconds:F1}");
            foreach (double a in p.Accuracy) text.Append(CultureInfo.InvariantCulture, $",{a:F4}");
            text.Append(p.Association is { } h ? string.Create(CultureInfo.InvariantCulture, $",{h.Head},{h.Mass:F4},{h.Ratio:F3}\n") : ",,,\n");
        }
        string? folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (folder is not null) Directory.CreateDirectory(folder);
        string temp = Path + ".tmp";
        File.WriteAllText(temp, text.ToString());
        File.Move(temp, Path, overwrite: true);
    }

    private static List<LegoRecipePoint> Read(string path, int variables)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || !lines[0].StartsWith("step,loss,lr,seconds", StringComparison.Ordinal))
            throw new InvalidDataException($"'{path}' is not a LEGO recipe log (no 'step,loss,lr,seconds' header); move it away or pick another --dir.");
        var points = new List<LegoRecipePoint>();
        for (int row = 1; row < lines.Length; row++)
        {
            if (lines[row].Length == 0) continue;
            var cells = lines[row].Split(',');
            if (cells.Length != 4 + variables && cells.Length != 7 + variables)
                throw new InvalidDataException($"'{path}' line {row + 1} has {cells.Length} cells; a log of n = {variables} has {7 + variables} ({4 + variables} before the association columns). Use a --dir of its own for each n.");
            var accuracy = new double[variables];
            for (int i = 0; i < variables; i++) accuracy[i] = Number(path, row, cells[4 + i]);
            LegoRecipeAssociation? association = cells.Length == 7 + variables && cells[4 + variables].Length > 0
                ? new LegoRecipeAssociation((int)Number(path, row, cells[4 + variables]), Number(path, row, cells[5 + variables]), Number(path, row, cells[6 + variables]))
                : null;
            points.Add(new LegoRecipePoint((int)Number(path, row, cells[0]), Number(path, row, cells[1]), Number(path, row, cells[2]),
                Number(path, row, cells[3]), accuracy, association));
        }
        return points;
    }

    private static double Number(string path, int row, string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new InvalidDataException($"'{path}' line {row + 1}: '{cell}' is not a number.");
}
