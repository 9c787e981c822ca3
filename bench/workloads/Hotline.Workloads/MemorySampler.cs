using Hotline.Federation.Tests.Harness;

namespace Hotline.Workloads;

/// <summary>Samples both nodes' VmRSS every 250 ms and reads VmHWM at the end: peak resident memory during a run.</summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly NodePair _pair;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakA;
    private long _peakB;

    private MemorySampler(NodePair pair)
    {
        _pair = pair;
        _loop = SampleAsync();
    }

    public static MemorySampler Start(NodePair pair) => new(pair);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Sample(useHighWaterMark: true);
    }

    public IEnumerable<Metric> ToMetrics()
    {
        yield return new Metric("A RSS peak", _peakA / 1024.0, "MiB");
        yield return new Metric("B RSS peak", _peakB / 1024.0, "MiB");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _loop;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Sample(useHighWaterMark: false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Sample(bool useHighWaterMark)
    {
        _peakA = Math.Max(_peakA, Read(_pair.A, useHighWaterMark));
        _peakB = Math.Max(_peakB, Read(_pair.B, useHighWaterMark));
    }

    private static long Read(NodeProcess node, bool useHighWaterMark)
    {
        try
        {
            var (rss, peak) = node.ReadMemory();
            return useHighWaterMark ? peak : rss;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException)
        {
            // The node is down (W3 kills it): no sample.
            return 0;
        }
    }
}
