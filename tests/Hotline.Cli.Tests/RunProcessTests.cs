using System.Diagnostics;

namespace Hotline.Cli.Tests;

/// <summary><c>hotline run</c> as a real process: the readiness line on stdout, and a graceful stop on SIGINT/SIGTERM.</summary>
public sealed class RunProcessTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Signal_StopsTheNodeGracefully_RemovingApiJson(string signal)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var data = TempDataDirectory.Empty();
        Assert.Equal(0, (await CliRunner.RunAsync(["init", "--data", data.Path, "--name", "alpha"])).ExitCode);
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "hotline.dll"), "run", "--data", data.Path })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var node = Process.Start(startInfo)!;
        var stderr = node.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var readiness = 0;
            string? line;
            while ((line = await node.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
            {
                if (line.StartsWith("hotline node 'alpha' listening on http://", StringComparison.Ordinal))
                {
                    readiness++;
                    break;
                }
            }

            Assert.True(readiness == 1, $"no readiness line; stderr: {(node.HasExited ? await stderr : "")}");
            Assert.True(File.Exists(Path.Combine(data.Path, "api.json")));
            var rest = node.StandardOutput.ReadToEndAsync(cancellationToken);

            using (var kill = Process.Start("kill", ["-s", signal, node.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            await node.WaitForExitAsync(timeout.Token);
            Assert.True(node.ExitCode == 0, $"exit {node.ExitCode}; stderr: {await stderr}");
            Assert.False(File.Exists(Path.Combine(data.Path, "api.json")));
            Assert.DoesNotContain("listening on", await rest, StringComparison.Ordinal);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }
    }
}
