using System.Globalization;

namespace Hotline.Cli;

/// <summary>
/// A time typed on the command line: an ISO 8601 instant with its time zone (<c>2026-12-01T10:00Z</c>,
/// <c>2026-12-01T18:00+08:00</c>), or a duration from now (<c>+2h</c>, <c>+30m</c>, <c>+45s</c>, <c>+1d</c>,
/// <c>+1h30m</c>). A duration is resolved against the clock when the command runs, not when it is parsed.
/// </summary>
internal readonly record struct TimeArgument(DateTimeOffset? Instant, TimeSpan FromNow)
{
    public const string Examples = "such as 2026-12-01T10:00Z, 2026-12-01T18:00+08:00 or +2h (from now; units d, h, m, s)";

    /// <summary>Relative times go at most this far ahead: further is a typo, and would overflow a date.</summary>
    private static readonly TimeSpan s_longestFromNow = TimeSpan.FromDays(3660);

    // A time without a zone is refused: in a crisis line "10:00" must not mean the reader's own 10:00.
    private static readonly string[] s_instantFormats =
    [
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];

    public DateTimeOffset Resolve(DateTimeOffset now) => Instant ?? now + FromNow;

    public static bool TryParse(string? text, out TimeArgument value)
    {
        value = default;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.StartsWith('+'))
        {
            if (!TryParseFromNow(trimmed[1..], out var fromNow))
            {
                return false;
            }

            value = new TimeArgument(null, fromNow);
            return true;
        }

        // 'T' and 'Z' in either case, as ISO 8601 allows.
        var normalized = trimmed.ToUpperInvariant();
        if (DateTimeOffset.TryParseExact(normalized, s_instantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            value = new TimeArgument(instant, TimeSpan.Zero);
            return true;
        }

        return false;
    }

    /// <summary>A day (<c>2026-01-01</c>, midnight UTC) or an instant; for --since.</summary>
    public static bool TryParseDayOrInstant(string? text, out DateTimeOffset value)
    {
        if (DateTimeOffset.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            return true;
        }

        if (TryParse(text, out var time) && time.Instant is { } instant)
        {
            value = instant;
            return true;
        }

        return false;
    }

    /// <summary>"2h", "30m", "1h30m", "1d": whole numbers with a unit each, largest first or not.</summary>
    private static bool TryParseFromNow(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length || i - start > 7)
            {
                return false;
            }

            var number = int.Parse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
            TimeSpan? part = char.ToLowerInvariant(text[i]) switch
            {
                'd' => TimeSpan.FromDays(number),
                'h' => TimeSpan.FromHours(number),
                'm' => TimeSpan.FromMinutes(number),
                's' => TimeSpan.FromSeconds(number),
                _ => null,
            };
            if (part is not { } add || (value += add) > s_longestFromNow)
            {
                return false;
            }

            i++;
        }

        return text.Length > 0;
    }
}

/// <summary>A window <c>FROM/TO</c>: two <see cref="TimeArgument"/>s separated by '/'.</summary>
internal readonly record struct WindowArgument(TimeArgument From, TimeArgument To)
{
    public static bool TryParse(string? text, out WindowArgument value)
    {
        value = default;
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2 || !TimeArgument.TryParse(parts[0], out var from) || !TimeArgument.TryParse(parts[1], out var to))
        {
            return false;
        }

        value = new WindowArgument(from, to);
        return true;
    }
}
