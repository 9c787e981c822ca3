using System.Net;
using System.Net.Sockets;

namespace Hotline.Cli.Tests;

/// <summary>What one in-process run of the CLI printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs <c>hotline</c> in process with captured streams, an optional fake node and standard input.</summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(string[] args, FakeNode? node = null, string stdin = "", TimeProvider? time = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new StringReader(stdin);
        var environment = new CliEnvironment(
            stdout,
            stderr,
            input,
            node is null ? CliEnvironment.FromConsole().CreateHttpHandler : () => node,
            time ?? TimeProvider.System);
        var exitCode = await HotlineCli.InvokeAsync(args, environment, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>A temporary data directory laid out as <c>hotline init</c> and <c>hotline run</c> leave it.</summary>
internal sealed class TempDataDirectory : IDisposable
{
    public const string Token = "test-operator-token";

    private TempDataDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hotline-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>An empty directory: no node was ever created here.</summary>
    public static TempDataDirectory Empty() => new();

    /// <summary>A node created by init, not running.</summary>
    public static TempDataDirectory Initialized()
    {
        var directory = new TempDataDirectory();
        File.WriteAllText(System.IO.Path.Combine(directory.Path, "operator.token"), Token + "\n");
        File.WriteAllText(System.IO.Path.Combine(directory.Path, "hotline.db"), "");
        return directory;
    }

    /// <summary>A node that is "running" as this test process, reachable at <paramref name="url"/>.</summary>
    public static TempDataDirectory Running(string url = "http://127.0.0.1:7999", int? pid = null)
    {
        var directory = Initialized();
        directory.WriteApiFile(url, pid ?? Environment.ProcessId);
        return directory;
    }

    public void WriteApiFile(string url, int pid) =>
        File.WriteAllText(System.IO.Path.Combine(Path, "api.json"), $$"""{"url": "{{url}}", "pid": {{pid}}}""");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory is harmless.
        }
    }
}

/// <summary>A clock stopped at one instant, so relative times ("+2h") and "in 6h 00m" are exact.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

internal static class Loopback
{
    /// <summary>A loopback URL on which nothing listens (the port was just free), so connecting is refused.</summary>
    public static string ClosedPortUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
