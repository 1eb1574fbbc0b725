// Shared by the build (RoslynCodeTaskFactory compiles this file for the task in
// TorchSharpCompat.targets) and by tests/GraphNav.Torch.Tests (which define GRAPHNAV_NO_MSBUILD and
// test the ELF logic directly). Written against netstandard2.0 APIs because the build compiles it so.
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace GraphNav.Torch.Build;

/// <summary>
/// TorchSharp 0.107.0's libLibTorchSharp.so (built with GCC 13) requires the libstdc++ symbol
/// version GLIBCXX_3.4.32 for exactly one symbol, std::ios_base_library_init(). GCC 13's
/// &lt;iostream&gt; only *declares* that symbol (a `.globl` so the link pulls a new enough runtime);
/// no relocation refers to it, so nothing ever looks it up. The only thing that stops the library
/// loading on an older runtime (Debian 12: GLIBCXX_3.4.30) is the version-needed entry, which the
/// dynamic loader checks at load time. Retargeting that one entry (its name offset and hash) to a
/// version the library already needs from the same runtime makes the library load unchanged in
/// every other byte. The patch refuses when a relocation does use a symbol of the missing version
/// (then the library really needs the newer runtime and no byte edit can fix it).
/// </summary>
public static class LibStdCxxVersionPatch
{
    /// <summary>The version TorchSharp 0.107.0 asks for and Debian 12 lacks.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    /// <summary>A version every GCC 12 runtime has and the library already requires.</summary>
    public const string ReplacementVersion = "GLIBCXX_3.4.30";

    private const uint ShtRela = 4, ShtRel = 9, ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;

    /// <summary>
    /// The whole decision of the build step: the patched bytes of <paramref name="library"/> when the
    /// C++ runtime <paramref name="runtime"/> lacks <see cref="MissingVersion"/> and the library
    /// requires it; null when there is nothing to do (a newer runtime, or an already patched library).
    /// </summary>
    public static byte[]? PatchFor(byte[] runtime, byte[] library)
    {
        if (DefinedVersions(runtime).Contains(MissingVersion)) return null;
        return Retarget(library, MissingVersion, ReplacementVersion);
    }

    /// <summary>The symbol versions an ELF library defines (its .gnu.version_d names), e.g. those of libstdc++.so.6.</summary>
    public static HashSet<string> DefinedVersions(byte[] elf)
    {
        var file = new ElfFile(elf);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in file.Sections)
        {
            if (section.Type != ShtGnuVerdef) continue;
            var strings = file.Sections[(int)section.Link];
            long at = section.Offset;
            for (uint i = 0; i < section.Info; i++)
            {
                ushort auxCount = file.U16(at + 6);
                uint auxOffset = file.U32(at + 12), next = file.U32(at + 16);
                long aux = at + auxOffset;
                if (auxCount > 0) names.Add(file.String(strings, file.U32(aux))); // first aux: the version's own name
                if (next == 0) break;
                at += next;
            }
        }
        return names;
    }

    /// <summary>The (file, version) pairs a library requires (its .gnu.version_r entries).</summary>
    public static List<KeyValuePair<string, string>> RequiredVersions(byte[] elf)
    {
        var result = new List<KeyValuePair<string, string>>();
        var file = new ElfFile(elf);
        foreach (var need in file.VersionNeeds())
            result.Add(new KeyValuePair<string, string>(need.File, need.Version));
        return result;
    }

    /// <summary>
    /// Retargets every requirement of <paramref name="missing"/> to <paramref name="replacement"/> in
    /// a copy of <paramref name="elf"/>. Returns null when the library does not require
    /// <paramref name="missing"/> (nothing to do). Throws InvalidDataException when a relocation
    /// uses a symbol of that version, or when the library does not already require
    /// <paramref name="replacement"/> from the same file (its name string must exist to point at).
    /// </summary>
    public static byte[]? Retarget(byte[] elf, string missing, string replacement)
    {
        var file = new ElfFile(elf);
        var needs = file.VersionNeeds();
        VersionNeed? target = null, existing = null;
        foreach (var need in needs)
        {
            if (need.Version == missing) target = need;
        }
        if (target is null) return null;
        foreach (var need in needs)
            if (need.Version == replacement && need.File == target.File) existing = need;
        if (existing is null)
            throw new InvalidDataException($"the library requires {missing} but not {replacement} from {target.File}; there is no name to retarget to.");
        var used = file.RelocatedVersionIndices();
        if (used.Contains(target.Index))
            throw new InvalidDataException($"a relocation uses a symbol of {missing}; the library needs the newer C++ runtime itself (install GCC 13's libstdc++).");
        var copy = (byte[])elf.Clone();
        WriteU32(copy, target.AuxOffset, ElfHash(replacement)); // vna_hash
        WriteU32(copy, target.AuxOffset + 8, existing.NameOffset); // vna_name
        return copy;
    }

    /// <summary>The System V ELF hash (vna_hash of a version-needed entry).</summary>
    public static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (char c in name)
        {
            h = (h << 4) + (byte)c;
            uint g = h & 0xf0000000;
            if (g != 0) h ^= g >> 24;
            h &= ~g;
        }
        return h;
    }

    /// <summary>The libstdc++.so.6 the dynamic loader would pick: from `ldconfig -p`, else the usual folders; null if none.</summary>
    public static string? FindSystemLibStdCxx()
    {
        string? fromCache = FromLdconfig();
        if (fromCache is not null) return fromCache;
        foreach (string dir in new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib" })
        {
            string path = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private static string? FromLdconfig()
    {
        foreach (string ldconfig in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig" })
        {
            if (!File.Exists(ldconfig)) continue;
            try
            {
                var start = new ProcessStartInfo(ldconfig, "-p") { RedirectStandardOutput = true, UseShellExecute = false };
                using var process = Process.Start(start);
                if (process is null) continue;
                string output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                foreach (string line in output.Split('\n'))
                {
                    // "	libstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6"
                    string trimmed = line.Trim();
                    if (!trimmed.StartsWith("libstdc++.so.6 ", StringComparison.Ordinal)) continue;
                    if (Environment.Is64BitProcess != trimmed.Contains("64")) continue;
                    int arrow = trimmed.IndexOf("=> ", StringComparison.Ordinal);
                    if (arrow > 0) return trimmed.Substring(arrow + 3).Trim();
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // ldconfig not runnable here: fall back to the usual folders.
            }
        }
        return null;
    }

    private static void WriteU32(byte[] data, long at, uint value)
    {
        byte[] bytes = BitConverter.GetBytes(value);
        Array.Copy(bytes, 0, data, at, 4);
    }

    private sealed class Section
    {
        public uint Type;
        public long Offset;
        public long Size;
        public uint Link;
        public uint Info;
        public long EntrySize;
    }

    private sealed class VersionNeed
    {
        public string File = "";
        public string Version = "";
        public ushort Index;       // vna_other: the value .gnu.version holds for symbols of this version
        public long AuxOffset;     // file offset of the Elf64_Vernaux entry
        public uint NameOffset;    // vna_name: offset of the version string in the linked string table
    }

    /// <summary>The few parts of a little-endian ELF64 file the patch reads.</summary>
    private sealed class ElfFile
    {
        private readonly byte[] _data;

        public ElfFile(byte[] data)
        {
            _data = data;
            if (data.Length < 64 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (data[4] != 2 || data[5] != 1)
                throw new InvalidDataException("not a little-endian 64-bit ELF file");
            long shoff = (long)U64(0x28);
            ushort shentsize = U16(0x3a), shnum = U16(0x3c);
            if (shoff <= 0 || shentsize < 64 || shoff + (long)shentsize * shnum > data.Length)
                throw new InvalidDataException("section headers out of range");
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + (long)i * shentsize;
                var s = new Section
                {
                    Type = U32(h + 4), Offset = (long)U64(h + 24), Size = (long)U64(h + 32),
                    Link = U32(h + 40), Info = U32(h + 44), EntrySize = (long)U64(h + 56),
                };
                if (s.Type != 8 /* NOBITS */ && s.Offset + s.Size > data.Length)
                    throw new InvalidDataException($"section {i} out of range");
                Sections.Add(s);
            }
        }

        public List<Section> Sections { get; } = new List<Section>();

        public ushort U16(long at) => BitConverter.ToUInt16(_data, checked((int)at));
        public uint U32(long at) => BitConverter.ToUInt32(_data, checked((int)at));
        public ulong U64(long at) => BitConverter.ToUInt64(_data, checked((int)at));

        public string String(Section table, uint offset)
        {
            long start = table.Offset + offset, end = start;
            long limit = table.Offset + table.Size;
            while (end < limit && _data[end] != 0) end++;
            if (start >= limit) throw new InvalidDataException("string offset out of range");
            return Encoding.ASCII.GetString(_data, (int)start, (int)(end - start));
        }

        public List<VersionNeed> VersionNeeds()
        {
            var result = new List<VersionNeed>();
            foreach (var section in Sections)
            {
                if (section.Type != ShtGnuVerneed) continue;
                var strings = Sections[(int)section.Link];
                long at = section.Offset;
                for (uint i = 0; i < section.Info; i++)
                {
                    ushort count = U16(at + 2);
                    string fileName = String(strings, U32(at + 4));
                    long aux = at + U32(at + 8);
                    for (int j = 0; j < count; j++)
                    {
                        uint name = U32(aux + 8);
                        result.Add(new VersionNeed
                        {
                            File = fileName, Version = String(strings, name), Index = (ushort)(U16(aux + 6) & 0x7fff),
                            AuxOffset = aux, NameOffset = name,
                        });
                        uint nextAux = U32(aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = U32(at + 12);
                    if (next == 0) break;
                    at += next;
                }
            }
            return result;
        }

        /// <summary>The version indices (.gnu.version values) of every symbol some relocation against .dynsym refers to.</summary>
        public HashSet<ushort> RelocatedVersionIndices()
        {
            var result = new HashSet<ushort>();
            Section? versym = null;
            foreach (var s in Sections)
                if (s.Type == ShtGnuVersym) versym = s;
            if (versym is null) return result;
            foreach (var s in Sections)
            {
                if (s.Type != ShtRela && s.Type != ShtRel) continue;
                if (s.Link >= Sections.Count || Sections[(int)s.Link].Type != ShtDynsym) continue;
                long entry = s.EntrySize > 0 ? s.EntrySize : (s.Type == ShtRela ? 24 : 16);
                for (long at = s.Offset; at + entry <= s.Offset + s.Size; at += entry)
                {
                    ulong symbol = U64(at + 8) >> 32;
                    if (symbol == 0) continue;
                    long v = versym.Offset + (long)symbol * 2;
                    if (v + 2 > versym.Offset + versym.Size) throw new InvalidDataException("relocation symbol out of range");
                    result.Add((ushort)(U16(v) & 0x7fff));
                }
            }
            return result;
        }
    }
}

#if !GRAPHNAV_NO_MSBUILD
/// <summary>
/// The build step (TorchSharpCompat.targets): on a system whose libstdc++ lacks
/// <see cref="LibStdCxxVersionPatch.MissingVersion"/>, retargets that requirement in the build
/// output's copies of libLibTorchSharp.so. Never writes into the file it read: the patched bytes go
/// to a new file that replaces the copy, so a hard-linked copy cannot carry the edit back into the
/// NuGet cache. The copy keeps its source's timestamp so the next incremental build skips it.
/// </summary>
public sealed class GraphNavPatchLibTorchSharp : Microsoft.Build.Utilities.Task
{
    /// <summary>The build-output copies of libLibTorchSharp.so.</summary>
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

    /// <inheritdoc />
    public override bool Execute()
    {
        string? runtime = LibStdCxxVersionPatch.FindSystemLibStdCxx();
        if (runtime is null)
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "GraphNav: no system libstdc++.so.6 found; libLibTorchSharp.so left as shipped.");
            return true;
        }
        byte[] runtimeBytes = File.ReadAllBytes(runtime);
        if (LibStdCxxVersionPatch.DefinedVersions(runtimeBytes).Contains(LibStdCxxVersionPatch.MissingVersion))
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"GraphNav: {runtime} has {LibStdCxxVersionPatch.MissingVersion}; libLibTorchSharp.so left as shipped.");
            return true;
        }
        int patched = 0;
        foreach (var item in Libraries)
        {
            string path = item.ItemSpec;
            if (!File.Exists(path)) continue;
            byte[]? bytes;
            try
            {
                bytes = LibStdCxxVersionPatch.PatchFor(runtimeBytes, File.ReadAllBytes(path));
            }
            catch (InvalidDataException e)
            {
                Log.LogError($"GraphNav: cannot adapt {path} to {runtime}: {e.Message}");
                return false;
            }
            if (bytes is null) continue; // patched by an earlier build
            var stamp = File.GetLastWriteTimeUtc(path);
            string temporary = path + ".graphnav-patch";
            File.WriteAllBytes(temporary, bytes);
            File.SetLastWriteTimeUtc(temporary, stamp);
            File.Delete(path);
            File.Move(temporary, path);
            patched++;
        }
        if (patched > 0)
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                $"GraphNav: {runtime} lacks {LibStdCxxVersionPatch.MissingVersion}, which TorchSharp's libLibTorchSharp.so requires by name only (for std::ios_base_library_init, which no code calls); " +
                $"retargeted that requirement to {LibStdCxxVersionPatch.ReplacementVersion} in {patched} build-output cop{(patched == 1 ? "y" : "ies")} (the NuGet cache is untouched; see Torch/build/LibStdCxxVersionPatch.cs).");
        return true;
    }
}
#endif
