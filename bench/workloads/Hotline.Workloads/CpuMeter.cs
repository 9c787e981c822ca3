using Hotline.Federation.Tests.Harness;

namespace Hotline.Workloads;

/// <summary>
/// CPU time both nodes used during a run, as a share of one core: on a 2-core machine that also runs the workload
/// driver, a sum near 200 % says the figures are CPU-bound.
/// </summary>
public sealed class CpuMeter
{
    private readonly NodePair _pair;
    private readonly TimeSpan _startA;
    private readonly TimeSpan _startB;
    private readonly TimeSpan _startDriver;

    private CpuMeter(NodePair pair)
    {
        _pair = pair;
        _startA = pair.A.ReadCpuTime();
        _startB = pair.B.ReadCpuTime();
        _startDriver = Environment.CpuUsage.TotalTime;
    }

    public static CpuMeter Start(NodePair pair) => new(pair);

    public IEnumerable<Metric> Stop(TimeSpan elapsed)
    {
        var a = _pair.A.ReadCpuTime() - _startA;
        var b = _pair.B.ReadCpuTime() - _startB;
        var driver = Environment.CpuUsage.TotalTime - _startDriver;
        yield return new Metric("A CPU (share of one core)", 100 * a / elapsed, "%");
        yield return new Metric("B CPU (share of one core)", 100 * b / elapsed, "%");
        yield return new Metric("driver CPU (share of one core)", 100 * driver / elapsed, "%");
    }
}
