using System.Globalization;

namespace Hotline.Workloads;

/// <summary>Command line: `w1|w2|w3|all [--count N] [--rate N] [--duration S] [--results PATH]`.</summary>
public sealed record WorkloadOptions(
    IReadOnlyList<string> Workloads,
    int Count,
    int Rate,
    TimeSpan Duration,
    string ResultsPath)
{
    /// <summary>Witness processes both nodes submit their checkpoints to (issue 4's "W1 with and without witnesses").</summary>
    public int Witnesses { get; init; }

    public const string Usage = """
        usage: Hotline.Workloads w1|w2|w3|all [options]
          w1   throughput: COUNT messages A→B from the first submit to the last receipt stored at A
          w2   latency: RATE single-message submits per second for DURATION, submit→stored-at-B and submit→receipt-at-A
          w3   crash: w1 with B killed (SIGKILL) twice mid-stream; lost and duplicated messages, time to drain
          all  w1, w2, w3 in turn
        options:
          --count N        messages for w1 and w3 (default 20000)
          --rate N         messages per second for w2 (default 500)
          --duration S     seconds for w2 (default 20)
          --witnesses N    run N witness processes and configure both nodes with them (default 0)
          --results PATH   JSON lines file to append results to (default artifacts/workloads/results.jsonl)
        """;

    public static WorkloadOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var workloads = new List<string>();
        var count = 20_000;
        var rate = 500;
        var duration = TimeSpan.FromSeconds(20);
        string? results = null;
        var witnesses = 0;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{arg} needs a value.");
            try
            {
                switch (arg)
                {
                    case "w1" or "w2" or "w3":
                        workloads.Add(arg);
                        break;
                    case "all":
                        workloads.AddRange(["w1", "w2", "w3"]);
                        break;
                    case "--count":
                        count = int.Parse(Value(), CultureInfo.InvariantCulture);
                        break;
                    case "--rate":
                        rate = int.Parse(Value(), CultureInfo.InvariantCulture);
                        break;
                    case "--duration":
                        duration = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture));
                        break;
                    case "--results":
                        results = Value();
                        break;
                    case "--witnesses":
                        witnesses = int.Parse(Value(), CultureInfo.InvariantCulture);
                        break;
                    default:
                        error = $"unknown argument: {arg}";
                        return null;
                }
            }
            catch (FormatException exception)
            {
                error = exception.Message;
                return null;
            }
        }

        if (workloads.Count == 0)
        {
            error = "name a workload";
            return null;
        }

        if (count <= 0 || rate <= 0 || duration <= TimeSpan.Zero || witnesses is < 0 or > 8)
        {
            error = "--count, --rate and --duration must be positive, --witnesses 0 to 8";
            return null;
        }

        return new WorkloadOptions(workloads, count, rate, duration, results ?? DefaultResultsPath()) { Witnesses = witnesses };
    }

    private static string DefaultResultsPath()
    {
        // The repository root (where Hotline.slnx is) keeps results under artifacts/, which git ignores.
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hotline.slnx")))
            {
                return Path.Combine(directory.FullName, "artifacts", "workloads", "results.jsonl");
            }
        }

        return Path.Combine(Environment.CurrentDirectory, "workload-results.jsonl");
    }
}
