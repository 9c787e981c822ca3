using System.CommandLine;

namespace Hotline.Cli.Commands;

/// <summary>
/// Contact-request ids as operators type and read them: the full id (a UUID) or a prefix of at least
/// <see cref="ShortLength"/> hex digits, which the node resolves when it is unambiguous.
/// </summary>
internal static class RequestIds
{
    public const int ShortLength = 8;

    /// <summary>The REQUEST_ID argument of the commands that act on or show one request.</summary>
    public static Argument<string> Argument()
    {
        var argument = new Argument<string>("REQUEST_ID")
        {
            Description = $"The request: its id or at least its first {ShortLength} characters",
        };
        argument.Validators.Add(result =>
        {
            if (Problem(result.GetValueOrDefault<string>()) is { } problem)
            {
                result.AddError(problem);
            }
        });
        return argument;
    }

    /// <summary>Why <paramref name="text"/> cannot name a request, or null when it can.</summary>
    public static string? Problem(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        var digits = trimmed.Count(Uri.IsHexDigit);
        return digits >= ShortLength && digits <= 32 && trimmed.All(c => Uri.IsHexDigit(c) || c == '-')
            ? null
            : $"'{trimmed}' is not a request id: give the id or at least its first {ShortLength} characters";
    }

    /// <summary>
    /// Each id shortened to its first <see cref="ShortLength"/> characters, or more where two of the ids share those:
    /// ids are time-ordered (UUIDv7), so requests sent within a minute share their first 8 characters.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Shorten(IEnumerable<string> ids)
    {
        var sorted = ids.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var shortened = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < sorted.Count; i++)
        {
            var shared = Math.Max(
                i > 0 ? CommonPrefixLength(sorted[i], sorted[i - 1]) : 0,
                i + 1 < sorted.Count ? CommonPrefixLength(sorted[i], sorted[i + 1]) : 0);
            var length = Math.Min(sorted[i].Length, Math.Max(ShortLength, shared + 1));
            if (length < sorted[i].Length && sorted[i][length - 1] == '-')
            {
                length++;
            }

            shortened[sorted[i]] = sorted[i][..length];
        }

        return shortened;
    }

    private static int CommonPrefixLength(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && char.ToLowerInvariant(a[n]) == char.ToLowerInvariant(b[n]))
        {
            n++;
        }

        return n;
    }
}
