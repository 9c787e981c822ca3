using System.Diagnostics;
using System.Globalization;
using Hotline.Federation.Tests.Harness;
using Hotline.Node.Api;

namespace Hotline.Workloads;

/// <summary>
/// W1 throughput, W2 latency, W3 crash, each on a fresh pair of real nodes (A sends, B receives) with 256-byte bodies.
/// Times come from the nodes' own records (A's submittedAt/deliveredAt, B's receivedAt; one machine, one clock).
/// </summary>
public sealed class EndToEndWorkloads(HotlineCli cli, WorkloadOptions options, string? commit)
{
    private const int SubmitWorkers = 4;
    private const int SubmitChunk = 500;
    private const int MaxInFlight = 256;
    private const int WarmUpMessages = 200;
    private static readonly TimeSpan s_deliveryTimeout = TimeSpan.FromMinutes(10);
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;

    /// <summary>W1: COUNT messages submitted as fast as the API takes them; first submit → last receipt at A.</summary>
    public async Task<WorkloadResult> ThroughputAsync(CancellationToken cancellationToken)
    {
        var metrics = new List<Metric>();
        await using var pair = await StartPairAsync(metrics, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        var (idleA, _) = pair.A.ReadMemory();
        var (idleB, _) = pair.B.ReadMemory();
        metrics.Add(new Metric("A RSS idle", idleA / 1024.0, "MiB"));
        metrics.Add(new Metric("B RSS idle", idleB / 1024.0, "MiB"));

        var bodies = MessageBodies.Range(0, options.Count, prefix: "w1");
        await using var memory = MemorySampler.Start(pair);
        var cpu = CpuMeter.Start(pair);
        var clock = Stopwatch.StartNew();
        await SubmitConcurrentlyAsync(pair, bodies, cancellationToken);
        var submitted = clock.Elapsed;
        Progress($"all {options.Count} submitted");
        var outbox = await pair.WaitUntilDeliveredAsync(options.Count, s_deliveryTimeout, cancellationToken);
        var observed = clock.Elapsed;
        metrics.AddRange(cpu.Stop(observed));
        await memory.StopAsync();

        var elapsed = outbox.Max(o => o.DeliveredAt!.Value) - outbox.Min(o => o.SubmittedAt);
        metrics.Add(new Metric("throughput", options.Count / elapsed.TotalSeconds, "msg/s"));
        metrics.Add(new Metric("first submit → last receipt", elapsed.TotalSeconds, "s"));
        metrics.Add(new Metric("submit rate (API)", options.Count / submitted.TotalSeconds, "msg/s"));
        metrics.Add(new Metric("all delivered, as polled", observed.TotalSeconds, "s"));
        metrics.AddRange(memory.ToMetrics());

        var inbox = await ReadInboxAsync(pair, metrics, cancellationToken);
        var passed = inbox.Count == options.Count;
        return Result("w1", options.Witnesses > 0 ? $"throughput A→B, {options.Witnesses} witnesses" : "throughput A→B", metrics, passed, passed ? null : $"B's inbox holds {inbox.Count} of {options.Count}");
    }

    /// <summary>W2: RATE single-message submits per second for DURATION, timer-paced with bounded concurrency.</summary>
    public async Task<WorkloadResult> LatencyAsync(CancellationToken cancellationToken)
    {
        var metrics = new List<Metric>();
        await using var pair = await StartPairAsync(metrics, cancellationToken);
        var total = (int)(options.Rate * options.Duration.TotalSeconds);
        var bodies = MessageBodies.Range(0, total, prefix: "w2");
        var ids = new string?[total];
        var callTimes = new TimeSpan[total];
        using var inFlight = new SemaphoreSlim(MaxInFlight);
        var calls = new List<Task>(total);
        var slipped = 0;

        async Task SubmitOneAsync(int index)
        {
            try
            {
                var call = Stopwatch.StartNew();
                var answer = await pair.A.Api.SendAsync(pair.LinkAtA, "ROUTINE", [bodies[index]], cancellationToken);
                callTimes[index] = call.Elapsed;
                ids[index] = answer[0].Id;
            }
            finally
            {
                inFlight.Release();
            }
        }

        // Warm-up, not measured: the first requests JIT the submit, relay and receive paths of both nodes.
        var warmUp = MessageBodies.Range(0, WarmUpMessages, prefix: "warm-up");
        await Parallel.ForEachAsync(
            warmUp,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (body, token) => await pair.A.Api.SendAsync(pair.LinkAtA, "ROUTINE", [body], token));
        await pair.WaitUntilDeliveredAsync(WarmUpMessages, s_deliveryTimeout, cancellationToken);
        Progress($"warm-up: {WarmUpMessages} messages delivered");

        var cpu = CpuMeter.Start(pair);
        var clock = Stopwatch.StartNew();
        using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5)))
        {
            var next = 0;
            while (next < total && await timer.WaitForNextTickAsync(cancellationToken))
            {
                var due = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * options.Rate) + 1);
                while (next < due)
                {
                    if (!inFlight.Wait(0, cancellationToken))
                    {
                        // The node is not keeping up: the schedule slips rather than the load growing without bound.
                        slipped++;
                        await inFlight.WaitAsync(cancellationToken);
                    }

                    calls.Add(SubmitOneAsync(next++));
                }
            }
        }

        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        var submitting = clock.Elapsed;
        Progress($"all {total} submitted");
        var outbox = await pair.WaitUntilDeliveredAsync(WarmUpMessages + total, s_deliveryTimeout, cancellationToken);
        metrics.AddRange(cpu.Stop(clock.Elapsed));
        var inbox = await ReadInboxAsync(pair, metrics, cancellationToken);

        var sent = outbox.ToDictionary(o => o.Id, StringComparer.Ordinal);
        var received = inbox.ToDictionary(i => i.Body, StringComparer.Ordinal);
        var toStored = new List<TimeSpan>(total);
        var toReceipt = new List<TimeSpan>(total);
        var unmatched = 0;
        for (var i = 0; i < total; i++)
        {
            if (ids[i] is { } id && sent.TryGetValue(id, out var item) && received.TryGetValue(bodies[i], out var stored))
            {
                toStored.Add(stored.ReceivedAt - item.SubmittedAt);
                toReceipt.Add(item.DeliveredAt!.Value - item.SubmittedAt);
            }
            else
            {
                unmatched++;
            }
        }

        metrics.Add(new Metric("offered rate", options.Rate, "msg/s"));
        metrics.Add(new Metric("achieved submit rate", total / submitting.TotalSeconds, "msg/s"));
        metrics.Add(new Metric("schedule slips (in-flight bound)", slipped, "submits"));
        metrics.AddRange(new Percentiles(callTimes).ToMetrics("submit call"));
        metrics.AddRange(new Percentiles(toStored).ToMetrics("submit→stored at B"));
        metrics.AddRange(new Percentiles(toReceipt).ToMetrics("submit→receipt at A"));
        metrics.Add(new Metric("unmatched messages", unmatched, "msgs"));
        return Result("w2", "latency at a fixed rate", metrics, unmatched == 0, unmatched == 0 ? null : $"{unmatched} messages not matched");
    }

    /// <summary>W3: W1 while B is killed with SIGKILL twice mid-stream and restarted; lost, duplicated, time to drain.</summary>
    public async Task<WorkloadResult> CrashAsync(CancellationToken cancellationToken)
    {
        var metrics = new List<Metric>();
        await using var pair = await StartPairAsync(metrics, cancellationToken);
        var bodies = MessageBodies.Range(0, options.Count, prefix: "w3");
        var clock = Stopwatch.StartNew();
        var lastRestart = DateTimeOffset.MinValue;
        var restarts = new List<TimeSpan>();

        async Task SubmitAndReportAsync()
        {
            await SubmitConcurrentlyAsync(pair, bodies, cancellationToken);
            Progress($"all {options.Count} submitted");
        }

        async Task CrashBTwiceAsync()
        {
            foreach (var fraction in new[] { 0.25, 0.6 })
            {
                await WaitUntilStoredAsync(pair, (long)(options.Count * fraction), cancellationToken);
                await pair.B.KillAsync();
                Progress($"B killed (SIGKILL) after storing {fraction:P0}");
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                await pair.B.StartAsync(cancellationToken);
                restarts.Add(pair.B.StartupTime);
                lastRestart = pair.B.ReadyAt;
                Progress($"B restarted, ready after {pair.B.StartupTime.TotalMilliseconds:0} ms");
            }
        }

        await Task.WhenAll(SubmitAndReportAsync(), CrashBTwiceAsync());
        var outbox = await pair.WaitUntilDeliveredAsync(options.Count, s_deliveryTimeout, cancellationToken);
        var observed = clock.Elapsed;
        Progress("all delivered");
        var inbox = await ReadInboxAsync(pair, metrics, cancellationToken);

        var indexes = inbox.Select(i => MessageBodies.IndexOf(i.Body)).ToList();
        var present = indexes.Where(i => i >= 0).ToHashSet();
        var lost = Enumerable.Range(0, options.Count).Count(i => !present.Contains(i));
        var duplicated = inbox.Count - inbox.Select(i => i.Body).Distinct(StringComparer.Ordinal).Count();
        var duplicateIds = inbox.Count - inbox.Select(i => i.Id).Distinct(StringComparer.Ordinal).Count();
        var corrupted = inbox.Count(i => MessageBodies.IndexOf(i.Body) is var index && (index < 0 || index >= options.Count || i.Body != bodies[index]));
        var gaps = inbox.Select((item, position) => item.Sequence != position).Count(differs => differs);
        var drain = outbox.Max(o => o.DeliveredAt!.Value) - lastRestart;

        metrics.Add(new Metric("lost", lost, "msgs"));
        metrics.Add(new Metric("duplicated", duplicated, "msgs"));
        metrics.Add(new Metric("duplicate ids", duplicateIds, "msgs"));
        metrics.Add(new Metric("corrupted bodies", corrupted, "msgs"));
        metrics.Add(new Metric("sequence ≠ position", gaps, "msgs"));
        metrics.Add(new Metric("drain after last restart", drain.TotalSeconds, "s"));
        metrics.Add(new Metric("first submit → last receipt", (outbox.Max(o => o.DeliveredAt!.Value) - outbox.Min(o => o.SubmittedAt)).TotalSeconds, "s"));
        metrics.Add(new Metric("all delivered, as polled", observed.TotalSeconds, "s"));
        for (var i = 0; i < restarts.Count; i++)
        {
            metrics.Add(new Metric($"B restart {i + 1} startup", restarts[i].TotalMilliseconds, "ms"));
        }

        var passed = lost == 0 && duplicated == 0 && duplicateIds == 0 && corrupted == 0 && gaps == 0;
        return Result(
            "w3",
            "throughput A→B with B killed twice",
            metrics,
            passed,
            passed ? null : $"lost {lost}, duplicated {duplicated}, duplicate ids {duplicateIds}, corrupted {corrupted}, out of sequence {gaps}");
    }

    /// <summary>B's whole inbox, timing the read (bodies are opened on the way out, so this is a figure of its own).</summary>
    private static async Task<IReadOnlyList<InboxItemDto>> ReadInboxAsync(NodePair pair, List<Metric> metrics, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var inbox = await pair.InboxAsync(cancellationToken);
        metrics.Add(new Metric($"read B's inbox ({inbox.Count} items)", clock.Elapsed.TotalSeconds, "s"));
        return inbox;
    }

    private Dictionary<string, string> Parameters(string workload)
    {
        var parameters = new Dictionary<string, string> { ["bodyBytes"] = MessageBodies.DefaultSize.ToString(CultureInfo.InvariantCulture) };
        if (workload == "w2")
        {
            parameters["rate"] = options.Rate.ToString(CultureInfo.InvariantCulture) + "/s";
            parameters["duration"] = options.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
            parameters["maxInFlight"] = MaxInFlight.ToString(CultureInfo.InvariantCulture);
            parameters["warmUp"] = WarmUpMessages.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            parameters["count"] = options.Count.ToString(CultureInfo.InvariantCulture);
            parameters["clients"] = SubmitWorkers.ToString(CultureInfo.InvariantCulture);
            parameters["batch"] = SubmitChunk.ToString(CultureInfo.InvariantCulture);
        }

        return parameters;
    }

    /// <summary>A timestamped progress line, so a slow run shows where the time went.</summary>
    private static void Progress(string message)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {DateTimeOffset.UtcNow:HH:mm:ss.fff} {message}"));

    public WorkloadResult Failed(string workload, Exception exception)
        => Result(workload, "did not complete", [], passed: false, exception.ToString());

    private async Task<NodePair> StartPairAsync(List<Metric> metrics, CancellationToken cancellationToken)
    {
        var pair = await NodePair.InitAsync(cli, logObserver: null, cancellationToken);
        try
        {
            if (options.Witnesses > 0)
            {
                await ConfigureWitnessesAsync(pair, cancellationToken);
            }

            await pair.PairAsync(cancellationToken);
            foreach (var witness in _witnesses)
            {
                // Each witness trusts both senders' logs on the link (their keys are known once the link exists).
                await witness.TrustAsync([await LogKeyAsync(pair.A, pair.LinkAtA, cancellationToken), await LogKeyAsync(pair.B, pair.LinkAtB, cancellationToken)], cancellationToken);
            }
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }

        metrics.Add(new Metric("A startup (run → ready)", pair.A.StartupTime.TotalMilliseconds, "ms"));
        metrics.Add(new Metric("B startup (run → ready)", pair.B.StartupTime.TotalMilliseconds, "ms"));
        return pair;
    }

    private readonly List<WitnessProcess> _witnesses = [];

    /// <summary>Starts the witnesses and restarts both nodes with them in DATA/config.json.</summary>
    private async Task ConfigureWitnessesAsync(NodePair pair, CancellationToken cancellationToken)
    {
        for (var i = 0; i < options.Witnesses; i++)
        {
            var witness = new WitnessProcess(cli, string.Create(CultureInfo.InvariantCulture, $"witness.bench/w{i + 1}"));
            _witnesses.Add(witness);
            await witness.InitAsync(cancellationToken);
            await witness.StartAsync(cancellationToken);
        }

        var config = "{\"Hotline\": {\"Witnesses\": [" + string.Join(",", _witnesses.Select(w =>
            $"{{\"Name\": \"{w.Name}\", \"Url\": \"{w.Url}\", \"VerifierKey\": \"{w.VerifierKey}\"}}")) + "]}}";
        foreach (var node in new[] { pair.A, pair.B })
        {
            await File.WriteAllTextAsync(Path.Combine(node.DataDirectory, "config.json"), config, cancellationToken);
            await node.StopAsync(cancellationToken);
            await node.StartAsync(cancellationToken);
        }
    }

    private static async Task<string> LogKeyAsync(NodeProcess node, string link, CancellationToken cancellationToken)
        => (await node.Api.GetAsync($"/api/v1/links/{link}/witnesses", OperatorJsonContext.Default.LinkWitnessesDto, cancellationToken)).LogVerifierKey;

    /// <summary>Stops the witness processes of the last workload.</summary>
    public async Task DisposeWitnessesAsync()
    {
        foreach (var witness in _witnesses)
        {
            await witness.DisposeAsync();
        }

        _witnesses.Clear();
    }

    /// <summary>A few concurrent API clients, each posting the next chunk of bodies until none are left.</summary>
    private static async Task SubmitConcurrentlyAsync(NodePair pair, IReadOnlyList<string> bodies, CancellationToken cancellationToken)
    {
        var nextChunk = -1;
        async Task WorkerAsync()
        {
            int chunk;
            while ((chunk = Interlocked.Increment(ref nextChunk)) * SubmitChunk < bodies.Count)
            {
                var slice = bodies.Skip(chunk * SubmitChunk).Take(SubmitChunk).ToArray();
                await pair.A.Api.SendAsync(pair.LinkAtA, "ROUTINE", slice, cancellationToken);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, SubmitWorkers).Select(_ => WorkerAsync()));
    }

    /// <summary>Waits (5 min at most) until B stored at least <paramref name="count"/> messages (sequences from 0).</summary>
    private static async Task WaitUntilStoredAsync(NodePair pair, long count, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            var page = await pair.B.Api.GetInboxPageAsync(pair.LinkAtB, after: count - 2, limit: 1, cancellationToken);
            if (page.Count > 0)
            {
                return;
            }

            await Task.Delay(25, cancellationToken);
        }

        throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"B did not store {count} messages within 5 min.{Environment.NewLine}{pair.Logs()}"));
    }

    private WorkloadResult Result(string workload, string description, IReadOnlyList<Metric> metrics, bool passed, string? failure)
        => new(
            workload,
            description,
            _startedAt,
            commit,
            Environment.ProcessorCount,
            Parameters(workload),
            metrics,
            passed,
            failure);
}
