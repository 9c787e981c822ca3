using System.Diagnostics;
using System.Text;

namespace Hotline.Federation.Tests.Harness;

/// <summary>What one `hotline` command printed and how it exited.</summary>
public sealed record CliResult(IReadOnlyList<string> Arguments, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Stdout and stderr together, for assertions on the message a person would read.</summary>
    public string Output => Stdout + Stderr;

    public override string ToString()
        => $"hotline {string.Join(' ', Arguments)} exited {ExitCode}{Environment.NewLine}"
            + $"--- stdout ---{Environment.NewLine}{Stdout}{Environment.NewLine}"
            + $"--- stderr ---{Environment.NewLine}{Stderr}";
}

/// <summary>
/// Locates the built `hotline.dll` and runs it with the `dotnet` host that runs this process, so the nodes under test
/// are the exact build under test. The CLI project is referenced by the test and workload projects, so hotline.dll,
/// hotline.runtimeconfig.json and hotline.deps.json are copied next to them; HOTLINE_DLL overrides the location.
/// </summary>
public sealed class HotlineCli
{
    private static readonly TimeSpan s_defaultTimeout = TimeSpan.FromSeconds(60);

    private HotlineCli(string dotnetHost, string hotlineDll)
    {
        DotnetHost = dotnetHost;
        HotlineDll = hotlineDll;
    }

    public string DotnetHost { get; }

    public string HotlineDll { get; }

    /// <summary>The installation next to the running assembly (or HOTLINE_DLL).</summary>
    public static HotlineCli Locate()
    {
        var dll = Environment.GetEnvironmentVariable("HOTLINE_DLL");
        if (string.IsNullOrEmpty(dll))
        {
            dll = Path.Combine(AppContext.BaseDirectory, "hotline.dll");
        }

        dll = Path.GetFullPath(dll);
        var runtimeConfig = Path.ChangeExtension(dll, ".runtimeconfig.json");
        if (!File.Exists(dll) || !File.Exists(runtimeConfig))
        {
            throw new FileNotFoundException(
                $"hotline.dll and hotline.runtimeconfig.json were expected at {dll}: build the project that references "
                + "src/Hotline.Cli, or set HOTLINE_DLL.",
                dll);
        }

        return new HotlineCli(FindDotnetHost(), dll);
    }

    /// <summary>The start info for `dotnet hotline.dll ARGS` with a clean environment (no inherited listen URLs).</summary>
    public ProcessStartInfo CreateStartInfo(IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(HotlineDll)!,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(HotlineDll);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // A URL inherited from the environment would override --listen; the node must bind only where we ask.
        foreach (var variable in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            startInfo.Environment.Remove(variable);
        }

        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return startInfo;
    }

    /// <summary>Runs one command to completion (bounded), with standard input closed unless <paramref name="stdin"/> is given.</summary>
    public async Task<CliResult> RunAsync(
        IReadOnlyList<string> arguments,
        string? stdin = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        using var process = new Process { StartInfo = CreateStartInfo(arguments) };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? s_defaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            var partial = new CliResult(arguments, -1, await stdout, await stderr);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"Command did not finish within {timeout ?? s_defaultTimeout}.{Environment.NewLine}{partial}");
        }

        return new CliResult(arguments, process.ExitCode, await stdout, await stderr);
    }

    private static string FindDotnetHost()
    {
        // `dotnet test` and `dotnet run` tell child processes which host they run on.
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet")))
        {
            return Path.Combine(root, "dotnet");
        }

        return "dotnet";
    }
}
