using System.Text;

namespace Hotline.Protocol.Tests;

/// <summary>
/// Reads the vector files under tests/vectors/ (see tests/vectors/README.md for their formats and sources).
/// Two shapes: records of "key value" lines separated by blank lines, and lines of space-separated fields.
/// '#' starts a comment line; "-" stands for an empty byte string.
/// </summary>
internal static class Vectors
{
    /// <summary>The repository root, found by walking up from the test assembly to Hotline.slnx.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string PathOf(string relative) => System.IO.Path.Combine(RepositoryRoot, "tests", "vectors", relative);

    public static byte[] ReadBytes(string relative) => File.ReadAllBytes(PathOf(relative));

    /// <summary>The file as UTF-8 text, byte for byte (no newline conversion, no BOM allowed).</summary>
    public static string ReadText(string relative)
    {
        var bytes = ReadBytes(relative);
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), $"{relative} starts with a byte order mark");
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
    }

    /// <summary>Blocks of "key value" lines; the value is everything after the first space.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Records(string relative)
    {
        var records = new List<IReadOnlyDictionary<string, string>>();
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in ContentLines(relative, keepBlank: true))
        {
            if (line.Length == 0)
            {
                if (current.Count > 0)
                {
                    records.Add(current);
                    current = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            current.Add(line[..space], line[(space + 1)..]);
        }

        if (current.Count > 0)
        {
            records.Add(current);
        }

        return records;
    }

    /// <summary>The record whose "name" is <paramref name="name"/>.</summary>
    public static IReadOnlyDictionary<string, string> Record(string relative, string name)
        => Records(relative).Single(r => r["name"] == name);

    /// <summary>Every non-comment, non-blank line split on spaces.</summary>
    public static IReadOnlyList<string[]> Lines(string relative)
        => ContentLines(relative, keepBlank: false).Select(l => l.Split(' ')).ToList();

    public static byte[] Hex(string text) => text == "-" ? [] : Convert.FromHexString(text);

    public static List<byte[]> HexList(string text) => text == "-" ? [] : text.Split(',').Select(Convert.FromHexString).ToList();

    private static IEnumerable<string> ContentLines(string relative, bool keepBlank)
    {
        foreach (var line in ReadText(relative).Split('\n'))
        {
            if (line.StartsWith('#') || (!keepBlank && line.Length == 0))
            {
                continue;
            }

            yield return line;
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Hotline.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Hotline.slnx not found above " + AppContext.BaseDirectory);
    }
}
