using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hotline.Federation.Tests.Harness;

/// <summary>What a witness answered to one add-checkpoint request.</summary>
public sealed record WitnessReply(HttpStatusCode Status, string? ContentType, string Body);

/// <summary>One log as `hotline witness logs --json` prints it.</summary>
public sealed record WitnessLogEntry(string Origin, long Size, string? Root, string? Checkpoint, long Refusals);

/// <summary>
/// One real `hotline witness run` process on its own data directory and loopback port: initialized with `hotline witness
/// init`, logs trusted with `hotline witness trust` (beside the running witness or not), started and waited for until it
/// prints its readiness line, stopped with SIGTERM or killed. Disposing kills it and deletes the data directory.
/// </summary>
public sealed partial class WitnessProcess : IAsyncDisposable
{
    private readonly HotlineCli _cli;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private Process? _process;

    public WitnessProcess(HotlineCli cli, string name)
    {
        _cli = cli;
        Name = name;
        DataDirectory = Directory.CreateTempSubdirectory("hotline-witness-").FullName;
        Port = FreePort.Next();
        Log = new NodeLog("witness");
    }

    /// <summary>The witness's name (its cosignatures' key name).</summary>
    public string Name { get; }

    public string DataDirectory { get; }

    public int Port { get; }

    public string Url => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    public NodeLog Log { get; }

    /// <summary>The verifier key `hotline witness init` printed.</summary>
    public string VerifierKey { get; private set; } = "";

    /// <summary>`hotline witness init --json`; remembers the verifier key.</summary>
    public async Task InitAsync(CancellationToken cancellationToken)
    {
        var result = await CliAsync("init", ["--name", Name, "--json"], cancellationToken);
        using var json = JsonDocument.Parse(result.Stdout);
        VerifierKey = json.RootElement.GetProperty("verifierKey").GetString()!;
    }

    /// <summary>`hotline witness trust VKEY...`.</summary>
    public Task<CliResult> TrustAsync(IEnumerable<string> verifierKeys, CancellationToken cancellationToken)
        => CliAsync("trust", verifierKeys, cancellationToken);

    /// <summary>`hotline witness logs --json`.</summary>
    public async Task<IReadOnlyList<WitnessLogEntry>> LogsAsync(CancellationToken cancellationToken)
    {
        var result = await CliAsync("logs", ["--json"], cancellationToken);
        using var json = JsonDocument.Parse(result.Stdout);
        return [.. json.RootElement.EnumerateArray().Select(e => new WitnessLogEntry(
            e.GetProperty("origin").GetString()!, e.GetProperty("size").GetInt64(), e.GetProperty("root").GetString(),
            e.GetProperty("checkpoint").GetString(), e.GetProperty("refusals").GetInt64()))];
    }

    /// <summary>`hotline witness VERB --data DIR ARGS...`; throws with the output when it fails.</summary>
    public async Task<CliResult> CliAsync(string verb, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var result = await _cli.RunAsync(["witness", verb, "--data", DataDirectory, .. arguments], cancellationToken: cancellationToken);
        return result.Succeeded ? result : throw new InvalidOperationException($"hotline witness {verb} failed.{Environment.NewLine}{result}");
    }

    /// <summary>Starts `hotline witness run` and returns once it printed its readiness line.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _process?.Dispose();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = _cli.CreateStartInfo(["witness", "run", "--data", DataDirectory, "--listen", Url]), EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine("out", e.Data, ready);
        process.ErrorDataReceived += (_, e) => OnLine("err", e.Data, ready);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"The witness exited before it was ready.{Environment.NewLine}{Log.Tail()}"));
        Log.Append("harness", $"=== starting: hotline witness run --data {DataDirectory} --listen {Url}");
        process.Start();
        _process = process;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(NodeProcess.ReadinessTimeout, cancellationToken);
    }

    /// <summary>SIGTERM, then waits for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken)
    {
        var process = _process ?? throw new InvalidOperationException("The witness is not running.");
        Log.Append("harness", $"=== SIGTERM pid {process.Id}");
        using (var kill = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", string.Create(CultureInfo.InvariantCulture, $"kill -s TERM {process.Id}")]))!)
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        return process.ExitCode;
    }

    /// <summary>POSTs <paramref name="body"/> to /add-checkpoint.</summary>
    public async Task<WitnessReply> AddCheckpointAsync(string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, new UTF8Encoding(false), "text/plain");
        using var response = await _http.PostAsync(new Uri(Url + "/add-checkpoint"), content, cancellationToken);
        return new WitnessReply(response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp directory is cleaned up by the system.
        }
    }

    [GeneratedRegex(@"listening on http://127\.0\.0\.1:\d+", RegexOptions.CultureInvariant)]
    private static partial Regex ReadinessLine();

    private void OnLine(string stream, string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        Log.Append(stream, line);
        if (ReadinessLine().IsMatch(line))
        {
            ready.TrySetResult();
        }
    }
}
