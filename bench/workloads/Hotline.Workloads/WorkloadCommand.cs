using System.Diagnostics;
using System.Globalization;
using Hotline.Federation.Tests.Harness;

namespace Hotline.Workloads;

/// <summary>Runs the named workloads one after the other, each on a fresh pair of nodes, and records the results.</summary>
public static class WorkloadCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = WorkloadOptions.Parse(args, out var error);
        if (options is null)
        {
            await Console.Error.WriteLineAsync($"{error}{Environment.NewLine}{WorkloadOptions.Usage}");
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl+C stops the workload and lets disposal kill the nodes; the process then exits normally.
            e.Cancel = true;
            cancellation.Cancel();
        };

        var cli = HotlineCli.Locate();
        var commit = ReadCommit();
        var failed = 0;
        foreach (var name in options.Workloads)
        {
            Console.WriteLine($"== {name}: starting (nodes from {cli.HotlineDll})");
            var workload = new EndToEndWorkloads(cli, options, commit);
            WorkloadResult result;
            try
            {
                result = name switch
                {
                    "w1" => await workload.ThroughputAsync(cancellation.Token),
                    "w2" => await workload.LatencyAsync(cancellation.Token),
                    "w3" => await workload.CrashAsync(cancellation.Token),
                    _ => throw new ArgumentOutOfRangeException(nameof(args), name, "unknown workload"),
                };
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                result = workload.Failed(name, exception);
            }
            finally
            {
                await workload.DisposeWitnessesAsync();
            }

            Console.WriteLine(result.ToTable());
            result.AppendTo(options.ResultsPath);
            if (!result.Passed)
            {
                failed++;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"results appended to {options.ResultsPath}"));
        return failed == 0 ? 0 : 1;
    }

    private static string? ReadCommit()
    {
        try
        {
            var startInfo = new ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = Process.Start(startInfo);
            if (git is null)
            {
                return null;
            }

            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit(5_000);
            return git.HasExited && git.ExitCode == 0 && commit.Length > 0 ? commit : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
