using System.CommandLine;

namespace Hotline.Cli.Commands;

/// <summary>
/// Contact-request ids as operators type and read them: the full id (a UUID), or at least <see cref="ShortLength"/> hex
/// digits from its start or its end, which the node resolves when it is unambiguous.
/// </summary>
internal static class RequestIds
{
    public const int ShortLength = 8;

    /// <summary>The REQUEST_ID argument of the commands that act on or show one request.</summary>
    public static Argument<string> Argument()
    {
        var argument = new Argument<string>("REQUEST_ID")
        {
            Description = $"The request: its id, or at least {ShortLength} hex digits from its start or its end (as listed)",
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
            : $"'{trimmed}' is not a request id: give the id, or at least {ShortLength} hex digits from its start or its end";
    }

    /// <summary>
    /// Each id shortened to its last <see cref="ShortLength"/> hex digits, or more where two of the ids share those. The
    /// end of an id is its random part: ids are time-ordered (UUIDv7), so requests sent within a minute share their
    /// first 8 characters but almost never their last. The node resolves a start or an end of an id.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Shorten(IEnumerable<string> ids)
    {
        var distinct = ids.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var shortened = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in distinct)
        {
            var hex = id.Replace("-", "", StringComparison.Ordinal);
            var shared = distinct.Where(other => !ReferenceEquals(other, id))
                .Select(other => CommonSuffixLength(hex, other.Replace("-", "", StringComparison.Ordinal)))
                .DefaultIfEmpty(0).Max();
            shortened[id] = hex[^Math.Min(hex.Length, Math.Max(ShortLength, shared + 1))..];
        }

        return shortened;
    }

    private static int CommonSuffixLength(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && char.ToLowerInvariant(a[^(n + 1)]) == char.ToLowerInvariant(b[^(n + 1)]))
        {
            n++;
        }

        return n;
    }
}
