using System.Globalization;

namespace Hotline.Cli;

/// <summary>How times and durations read in human output: UTC, invariant culture, no locale surprises.</summary>
internal static class HumanFormat
{
    public const string None = "-";

    public static string Timestamp(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : None;

    /// <summary>"45s", "3m 12s", "2h 05m", "3d 04h": two units at most, enough to judge a delay at a glance.</summary>
    public static string Duration(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            value = TimeSpan.Zero;
        }

        return value switch
        {
            { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)value.TotalSeconds}s"),
            { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{value.Minutes}m {value.Seconds:00}s"),
            { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{value.Hours}h {value.Minutes:00}m"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalDays}d {value.Hours:00}h"),
        };
    }

    public static string Ago(DateTimeOffset? then, DateTimeOffset now) =>
        then is { } t ? Duration(now - t) + " ago" : "never";

    /// <summary>A time with how far it is from now: "2026-11-29 15:00:00Z (in 6h 00m)", "... (3m 12s ago)".</summary>
    public static string TimestampFromNow(DateTimeOffset value, DateTimeOffset now) =>
        Timestamp(value) + (value > now ? $" (in {Duration(value - now)})" : $" ({Duration(now - value)} ago)");

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Quotes a path for a POSIX shell when needed, so a suggested command can be pasted as it is.</summary>
    public static string ShellWord(string path) =>
        path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+:,@%=".Contains(c))
            ? path
            : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
