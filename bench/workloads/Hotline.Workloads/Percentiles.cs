namespace Hotline.Workloads;

/// <summary>Nearest-rank percentiles of a set of durations, in milliseconds.</summary>
public sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<TimeSpan> samples)
    {
        _sorted = samples.Select(s => s.TotalMilliseconds).Order().ToArray();
    }

    public int Count => _sorted.Length;

    public double this[double percentile]
    {
        get
        {
            if (_sorted.Length == 0)
            {
                return double.NaN;
            }

            var rank = (int)Math.Ceiling(percentile / 100 * _sorted.Length);
            return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
        }
    }

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    /// <summary>p50, p90, p99 and max as metrics named PREFIX p50 etc.</summary>
    public IEnumerable<Metric> ToMetrics(string prefix)
    {
        yield return new Metric($"{prefix} p50", this[50], "ms");
        yield return new Metric($"{prefix} p90", this[90], "ms");
        yield return new Metric($"{prefix} p99", this[99], "ms");
        yield return new Metric($"{prefix} max", Max, "ms");
    }
}
