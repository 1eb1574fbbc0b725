using System.Security.Cryptography;

namespace GraphNav.Experiments.Caching;

/// <summary>Content hashes of files, for cache keys and result records.</summary>
public static class FileDigest
{
    /// <summary>The file's SHA-256 as 64 lower-case hex digits.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
