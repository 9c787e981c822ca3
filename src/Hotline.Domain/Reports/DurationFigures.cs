namespace Hotline.Domain.Reports;

/// <summary>How many times were measured, their median and their 90th percentile (<see cref="Percentiles"/>);
/// null when nothing was measured.</summary>
public sealed record DurationFigures(int Count, TimeSpan? Median, TimeSpan? P90)
{
    public static DurationFigures Of(IEnumerable<TimeSpan> durations)
    {
        var list = durations.ToList();
        return new(list.Count, Percentiles.Median(list), Percentiles.P90(list));
    }
}
