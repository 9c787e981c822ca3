using System.Text.Json;

namespace Hotline.Cli.Tests;

/// <summary>init and run, which host Hotline.Node in the CLI's own process.</summary>
public sealed class NodeHostTests
{
    [Fact]
    public async Task Init_Json_HasTheContractFields()
    {
        using var data = TempDataDirectory.Empty();
        var directory = Path.Combine(data.Path, "alpha");

        var result = await CliRunner.RunAsync(["init", "--data", directory, "--name", "alpha", "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("alpha", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(directory, json.RootElement.GetProperty("data").GetString());
        Assert.StartsWith("http://127.0.0.1:", json.RootElement.GetProperty("listen").GetString(), StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(json.RootElement.GetProperty("signingKey").GetString()!).Length);
        Assert.True(File.Exists(Path.Combine(directory, "operator.token")));
    }

    [Fact]
    public async Task Init_WhereANodeExists_FailsWithOneLine()
    {
        using var data = TempDataDirectory.Empty();
        Assert.Equal(0, (await CliRunner.RunAsync(["init", "--data", data.Path, "--name", "alpha"])).ExitCode);

        var result = await CliRunner.RunAsync(["init", "--data", data.Path, "--name", "alpha"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("hotline: error: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Run_OnAnEmptyDirectory_IsNotAHotlineDataDirectory()
    {
        using var data = TempDataDirectory.Empty();

        var result = await CliRunner.RunAsync(["run", "--data", data.Path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a hotline data directory", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhereANodeIsAlreadyRunning_Refuses()
    {
        using var data = TempDataDirectory.Empty();
        Assert.Equal(0, (await CliRunner.RunAsync(["init", "--data", data.Path, "--name", "alpha"])).ExitCode);
        // Any live process other than this one stands for the node that wrote api.json.
        using var sleeper = System.Diagnostics.Process.Start("sleep", "30");
        try
        {
            data.WriteApiFile("http://127.0.0.1:7999", sleeper.Id);

            var result = await CliRunner.RunAsync(["run", "--data", data.Path]);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("already running", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public async Task Run_PrintsOneReadinessLine_ServesTheOperatorApi_AndStopsGracefully()
    {
        using var data = TempDataDirectory.Empty();
        Assert.Equal(0, (await CliRunner.RunAsync(["init", "--data", data.Path, "--name", "alpha"])).ExitCode);
        using var stdout = new StringWriter();
        var output = TextWriter.Synchronized(stdout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var environment = new CliEnvironment(output, TextWriter.Null, TextReader.Null, CliEnvironment.FromConsole().CreateHttpHandler, TimeProvider.System);

        var run = HotlineCli.InvokeAsync(["run", "--data", data.Path], environment, stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!stdout.ToString().Contains('\n', StringComparison.Ordinal) && !run.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        var readiness = Assert.Single(stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^hotline node 'alpha' listening on http://127\\.0\\.0\\.1:[0-9]+/?$", readiness);
        Assert.True(File.Exists(Path.Combine(data.Path, "api.json")));

        var status = await CliRunner.RunAsync(["status", "--data", data.Path, "--json"]);
        Assert.True(status.ExitCode == 0, status.ToString());
        using (var json = JsonDocument.Parse(status.Out))
        {
            Assert.Equal("alpha", json.RootElement.GetProperty("name").GetString());
        }

        await stop.CancelAsync();
        Assert.Equal(0, await run);
        Assert.False(File.Exists(Path.Combine(data.Path, "api.json")));
    }
}
