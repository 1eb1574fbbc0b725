using GraphNav.Tasks.Lego;

namespace GraphNav.Tasks.Tests;

/// <summary>
/// An independent solver for the tests: evaluates each clause by recursion on the text of the
/// sentence (name → (sign, operand)), not by following the generator's chain.
/// </summary>
internal static class LegoSolver
{
    /// <summary>Per clause in sentence order: (value ±1, 1-based chain position).</summary>
    public static (int Value, int Position)[] Solve(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(words.Length % 5, Is.Zero, $"'{text}' is not a whole number of clauses");
        var clauses = new List<(string Name, int Sign, string Operand)>();
        for (int i = 0; i < words.Length; i += 5)
        {
            Assert.That(words[i + 1], Is.EqualTo("="));
            Assert.That(words[i + 4], Is.EqualTo(","));
            clauses.Add((words[i], words[i + 2] == "+" ? 1 : -1, words[i + 3]));
        }
        var byName = clauses.ToDictionary(c => c.Name);
        (int, int) Evaluate(string name)
        {
            var (_, sign, operand) = byName[name];
            if (operand == "1") return (sign, 1);
            var (value, position) = Evaluate(operand);
            return (sign * value, position + 1);
        }
        return clauses.Select(c => Evaluate(c.Name)).ToArray();
    }
}
