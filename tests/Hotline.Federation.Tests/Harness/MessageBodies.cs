using System.Globalization;
using System.Text;

namespace Hotline.Federation.Tests.Harness;

/// <summary>Distinct, checkable message bodies: the index first, then filler that also depends on the index.</summary>
public static class MessageBodies
{
    public const int DefaultSize = 256;

    /// <summary>An ASCII body of exactly <paramref name="size"/> bytes that starts with "msg 000042|".</summary>
    public static string Create(int index, int size = DefaultSize, string prefix = "msg")
    {
        var builder = new StringBuilder(size);
        builder.Append(CultureInfo.InvariantCulture, $"{prefix} {index:D6}|");
        var filler = 0;
        while (builder.Length < size)
        {
            builder.Append((char)('a' + ((index * 7) + filler++) % 26));
        }

        builder.Length = size;
        return builder.ToString();
    }

    public static IReadOnlyList<string> Range(int start, int count, int size = DefaultSize, string prefix = "msg")
        => Enumerable.Range(start, count).Select(i => Create(i, size, prefix)).ToArray();

    /// <summary>The index written at the start of a body made by <see cref="Create"/>, or -1.</summary>
    public static int IndexOf(string body)
    {
        var space = body.IndexOf(' ', StringComparison.Ordinal);
        var bar = body.IndexOf('|', StringComparison.Ordinal);
        return space >= 0 && bar > space
            && int.TryParse(body.AsSpan(space + 1, bar - space - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : -1;
    }
}
