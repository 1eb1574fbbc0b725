using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace GraphNav.Fuzz.Tests;

/// <summary>One edit of an input's bytes; positions wrap around the current length.</summary>
public abstract record Mutation
{
    /// <summary>The input after this edit.</summary>
    public abstract byte[] Apply(byte[] input);

    /// <summary>Applies <paramref name="mutations"/> in order to a copy of <paramref name="seed"/>.</summary>
    public static byte[] ApplyAll(byte[] seed, IEnumerable<Mutation> mutations) =>
        mutations.Aggregate((byte[])seed.Clone(), (bytes, m) => m.Apply(bytes));

    /// <summary>
    /// One to four edits of an input of about <paramref name="length"/> bytes: bit flips, bytes set
    /// to boundary values, truncation, deleted or duplicated ranges, inserted 0xFF runs (huge
    /// protobuf varints) and numbers in the text replaced by boundary numbers (sizes, counts, ids).
    /// </summary>
    public static Gen<Mutation[]> Edits(int length)
    {
        int last = Math.Max(0, length - 1);
        var position = Gen.Choose(0, last);
        var span = Gen.Choose(1, Math.Max(1, Math.Min(64, length / 4)));
        var one = Gen.Frequency(
            (4, position.SelectMany(p => Gen.Choose(0, 7), (p, b) => (Mutation)new FlipBit(p, b))),
            (3, position.SelectMany(p => Gen.Elements<byte>(0, 1, 0x7F, 0x80, 0xFF, (byte)'"', (byte)'{', (byte)']', (byte)'-', (byte)'9'), (p, v) => (Mutation)new SetByte(p, v))),
            (1, position.Select(p => (Mutation)new Truncate(p))),
            (2, position.SelectMany(p => span, (p, n) => (Mutation)new DeleteRange(p, n))),
            (1, position.SelectMany(p => span, (p, n) => (Mutation)new DuplicateRange(p, n))),
            (1, position.SelectMany(p => Gen.Choose(1, 10), (p, n) => (Mutation)new InsertFF(p, n))),
            (6, Gen.Choose(0, 4095).SelectMany(k => Gen.Elements(BoundaryNumbers), (k, v) => (Mutation)new ReplaceNumber(k, v))));
        return Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(one, n));
    }

    /// <summary>Numbers that break readers: zero, negatives, int and long edges, huge sizes, non-integers.</summary>
    public static readonly string[] BoundaryNumbers =
    [
        "0", "-1", "1", "2", "3", "7", "255", "65536", "300000", "500000000", "2000000000", "2147483647", "2147483648",
        "-2147483648", "4294967296", "9223372036854775807", "9223372036854775808", "1e308", "-0", "0.5", "1e-9", "NaN",
    ];
}

/// <summary>Flips bit <paramref name="Bit"/> of byte <paramref name="Position"/>.</summary>
public sealed record FlipBit(int Position, int Bit) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(byte[] input)
    {
        if (input.Length == 0) return input;
        input[Position % input.Length] ^= (byte)(1 << Bit);
        return input;
    }
}

/// <summary>Sets byte <paramref name="Position"/> to <paramref name="Value"/>.</summary>
public sealed record SetByte(int Position, byte Value) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(byte[] input)
    {
        if (input.Length == 0) return input;
        input[Position % input.Length] = Value;
        return input;
    }
}

/// <summary>Keeps the first <paramref name="Length"/> bytes.</summary>
public sealed record Truncate(int Length) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(byte[] input) => input[..Math.Min(Length, input.Length)];
}

/// <summary>Removes <paramref name="Count"/> bytes at <paramref name="Position"/>.</summary>
public sealed record DeleteRange(int Position, int Count) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(byte[] input)
    {
        if (input.Length == 0) return input;
        int p = Position % input.Length, n = Math.Min(Count, input.Length - p);
        return [.. input[..p], .. input[(p + n)..]];
    }
}

/// <summary>Inserts a copy of the <paramref name="Count"/> bytes at <paramref name="Position"/> right after them.</summary>
public sealed record DuplicateRange(int Position, int Count) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(byte[] input)
    {
        if (input.Length == 0) return input;
        int p = Position % input.Length, n = Math.Min(Count, input.Length - p);
        return [.. input[..(p + n)], .. input[p..(p + n)], .. input[(p + n)..]];
    }
}

/// <summary>Inserts <paramref name="Count"/> bytes 0xFF at <paramref name="Position"/>.</summary>
public sealed record InsertFF(int Position, int Count) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(byte[] input)
    {
        int p = input.Length == 0 ? 0 : Position % (input.Length + 1);
        return [.. input[..p], .. Enumerable.Repeat((byte)0xFF, Count), .. input[p..]];
    }
}

/// <summary>Replaces the <paramref name="Index"/>-th run of ASCII digits (modulo their number) by <paramref name="Value"/>.</summary>
public sealed record ReplaceNumber(int Index, string Value) : Mutation
{
    /// <inheritdoc />
    public override byte[] Apply(byte[] input)
    {
        var runs = new List<(int Start, int End)>();
        for (int i = 0; i < input.Length; i++)
        {
            if (!char.IsAsciiDigit((char)input[i])) continue;
            int start = i;
            while (i < input.Length && char.IsAsciiDigit((char)input[i])) i++;
            runs.Add((start, i));
        }
        if (runs.Count == 0) return input;
        var (s, e) = runs[Index % runs.Count];
        return [.. input[..s], .. Encoding.ASCII.GetBytes(Value), .. input[e..]];
    }
}
