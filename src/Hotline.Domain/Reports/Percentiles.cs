namespace Hotline.Domain.Reports;

/// <summary>
/// The two statistics of the engagement report. Median: the middle value, or the mean of the two middle values when
/// the count is even. 90th percentile: nearest rank, the value at position ⌈0.9·n⌉ of the sorted list (1-based), so
/// it is always an observed time and "90% within p90" holds exactly.
/// </summary>
public static class Percentiles
{
    public static TimeSpan? Median(IEnumerable<TimeSpan> values)
    {
        var sorted = Sorted(values);
        if (sorted.Count == 0)
        {
            return null;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1
            ? sorted[middle]
            : sorted[middle - 1] + ((sorted[middle] - sorted[middle - 1]) / 2);
    }

    public static TimeSpan? P90(IEnumerable<TimeSpan> values)
    {
        var sorted = Sorted(values);
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = checked((9 * sorted.Count) + 9) / 10; // ⌈0.9·n⌉ in integers
        return sorted[rank - 1];
    }

    private static List<TimeSpan> Sorted(IEnumerable<TimeSpan> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.ToList();
        sorted.Sort();
        return sorted;
    }
}
