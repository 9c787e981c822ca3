using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hotline.Federation.Tests.Harness;

/// <summary>
/// One real `hotline run` process on its own data directory and loopback port (in the spirit of garnet's
/// TestProcess): started and waited for until it prints its readiness line, killed with SIGKILL to simulate a crash,
/// stopped with SIGTERM, restarted on the same data directory and port. Disposing kills the process tree and deletes
/// the data directory. Everything the node printed is kept in <see cref="Log"/> for failure messages.
/// </summary>
public sealed partial class NodeProcess : IAsyncDisposable
{
    public static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(20);
    private readonly HotlineCli _cli;
    private readonly bool _ownsDataDirectory;
    private Process? _process;
    private OperatorClient? _api;

    public NodeProcess(HotlineCli cli, string name, string? dataDirectory = null, int? port = null)
    {
        _cli = cli;
        Name = name;
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory($"hotline-{name}-").FullName;
        Port = port ?? FreePort.Next();
        Log = new NodeLog(name);
    }

    public string Name { get; }

    public string DataDirectory { get; }

    public int Port { get; }

    public string ListenUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    public NodeLog Log { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The PID of the running node (the `dotnet` host runs the app in-process).</summary>
    public int ProcessId => _process?.Id ?? throw NotRunning();

    /// <summary>How long the last start took, from process start to the readiness line.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>When the last start printed its readiness line.</summary>
    public DateTimeOffset ReadyAt { get; private set; }

    /// <summary>The operator API of the running node (base URL from DATA/api.json, token from DATA/operator.token).</summary>
    public OperatorClient Api => _api ?? throw NotRunning();

    /// <summary>`hotline init` for this node; throws with the command's output if it fails.</summary>
    public async Task<CliResult> InitAsync(CancellationToken cancellationToken)
    {
        var result = await CliAsync("init", ["--name", Name, "--listen", ListenUrl, "--json"], cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"hotline init failed for node {Name}.{Environment.NewLine}{result}");
        }

        return result;
    }

    /// <summary>Runs `hotline VERB --data DIR ARGS...` against this node's data directory.</summary>
    public Task<CliResult> CliAsync(
        string verb,
        IEnumerable<string> arguments,
        string? stdin = null,
        CancellationToken cancellationToken = default)
        => _cli.RunAsync([verb, "--data", DataDirectory, .. arguments], stdin, timeout: null, cancellationToken);

    /// <summary>Starts `hotline run` and returns once it printed `listening on http://127.0.0.1:PORT` (30 s at most).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"Node {Name} is already running (pid {_process!.Id}).");
        }

        DisposeProcess();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process
        {
            StartInfo = _cli.CreateStartInfo(["run", "--data", DataDirectory, "--listen", ListenUrl]),
            EnableRaisingEvents = true,
        };
        process.OutputDataReceived += (_, e) => OnLine("out", e.Data, ready);
        process.ErrorDataReceived += (_, e) => OnLine("err", e.Data, ready);
        process.Exited += (_, _) =>
        {
            Log.Append("harness", $"=== process exited (code {SafeExitCode(process)})");
            ready.TrySetException(new InvalidOperationException($"Node {Name} exited before it was ready."));
        };

        Log.Append("harness", $"=== starting: hotline run --data {DataDirectory} --listen {ListenUrl}");
        var clock = Stopwatch.StartNew();
        process.Start();
        _process = process;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(ReadinessTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            await KillQuietlyAsync();
            var reason = exception is TimeoutException
                ? $"did not print its readiness line within {ReadinessTimeout.TotalSeconds:0} s"
                : $"exited with code {SafeExitCode(process)} before it was ready";
            throw new InvalidOperationException($"Node {Name} {reason}.{Environment.NewLine}{Log.Tail()}", exception);
        }

        StartupTime = clock.Elapsed;
        ReadyAt = DateTimeOffset.UtcNow;
        Log.Append("harness", $"=== ready after {StartupTime.TotalMilliseconds:0} ms (pid {process.Id})");
        _api = await ConnectAsync(process.Id, cancellationToken);
    }

    /// <summary>A hard crash: SIGKILL, no chance to flush or clean up.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw NotRunning();
        Log.Append("harness", $"=== SIGKILL pid {process.Id}");
        DisposeApi();
        process.Kill(entireProcessTree: false);
        await WaitForExitAsync(process, "SIGKILL");
    }

    /// <summary>A graceful stop: SIGTERM, then waits for the process to exit (20 s at most) and returns its exit code.</summary>
    public async Task<int> StopAsync(CancellationToken cancellationToken)
    {
        var process = _process ?? throw NotRunning();
        Log.Append("harness", $"=== SIGTERM pid {process.Id}");
        DisposeApi();
        await SendSigtermAsync(process.Id, cancellationToken);
        await WaitForExitAsync(process, "SIGTERM");
        return process.ExitCode;
    }

    /// <summary>SIGKILL, then start again on the same data directory and port.</summary>
    public async Task CrashAndRestartAsync(CancellationToken cancellationToken)
    {
        await KillAsync();
        await StartAsync(cancellationToken);
    }

    /// <summary>CPU time (user + system) the running node has used since it started.</summary>
    public TimeSpan ReadCpuTime()
    {
        var process = _process ?? throw NotRunning();
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>Resident memory of the running node from /proc/PID/status: (VmRSS, VmHWM) in KiB.</summary>
    public (long RssKiB, long PeakRssKiB) ReadMemory()
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = ParseKiB(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = ParseKiB(line);
            }
        }

        return (rss, peak);
    }

    public async ValueTask DisposeAsync()
    {
        await KillQuietlyAsync();
        DisposeProcess();
        if (_ownsDataDirectory)
        {
            DeleteDirectory(DataDirectory);
        }
    }

    public override string ToString() => $"node {Name} ({ListenUrl}, {DataDirectory})";

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ReadinessLine();

    private void OnLine(string stream, string? line, TaskCompletionSource<string> ready)
    {
        if (line is null)
        {
            return;
        }

        Log.Append(stream, line);
        var match = ReadinessLine().Match(line);
        if (match.Success)
        {
            ready.TrySetResult(match.Groups[1].Value);
        }
    }

    private async Task<OperatorClient> ConnectAsync(int pid, CancellationToken cancellationToken)
    {
        var apiJson = Path.Combine(DataDirectory, "api.json");
        var tokenFile = Path.Combine(DataDirectory, "operator.token");

        // api.json is written before the readiness line; allow a moment in case a node writes it just after.
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(apiJson) && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50, cancellationToken);
        }

        if (!File.Exists(apiJson) || !File.Exists(tokenFile))
        {
            throw new InvalidOperationException(
                $"Node {Name} is ready but {(File.Exists(apiJson) ? tokenFile : apiJson)} does not exist.{Environment.NewLine}{Log.Tail()}");
        }

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(apiJson, cancellationToken));
        var url = document.RootElement.GetProperty("url").GetString()
            ?? throw new InvalidOperationException($"{apiJson} has no url.");
        var recordedPid = document.RootElement.GetProperty("pid").GetInt32();
        if (recordedPid != pid)
        {
            throw new InvalidOperationException($"{apiJson} names pid {recordedPid}, but the node runs as pid {pid}.");
        }

        var token = (await File.ReadAllTextAsync(tokenFile, cancellationToken)).Trim();
        return new OperatorClient(new Uri(url), token);
    }

    private async Task WaitForExitAsync(Process process, string signal)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(s_exitTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"Node {Name} (pid {process.Id}) did not exit within {s_exitTimeout.TotalSeconds:0} s of {signal}."
                + $"{Environment.NewLine}{Log.Tail()}");
        }

    }

    private static async Task SendSigtermAsync(int pid, CancellationToken cancellationToken)
    {
        // .NET can only send SIGKILL; the shell's kill builtin sends SIGTERM without P/Invoke.
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"kill -s TERM {pid}"));
        using var kill = Process.Start(startInfo)!;
        await kill.WaitForExitAsync(cancellationToken);
    }

    private async Task KillQuietlyAsync()
    {
        DisposeApi();
        if (_process is { HasExited: false } process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(s_exitTimeout);
            }
            catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                // Already gone, or unkillable: nothing more a test can do about it.
            }
        }
    }

    private static int? SafeExitCode(Process process)
    {
        try
        {
            return process.HasExited ? process.ExitCode : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private void DisposeApi()
    {
        _api?.Dispose();
        _api = null;
    }

    private void DisposeProcess()
    {
        _process?.Dispose();
        _process = null;
    }

    private InvalidOperationException NotRunning() => new($"Node {Name} is not running.");

    private static long ParseKiB(string line)
        => long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);

    private static void DeleteDirectory(string path)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
