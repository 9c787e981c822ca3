using System.Text.RegularExpressions;

namespace Hotline.Federation.Tests;

public sealed class CliErrorTests : FederationTest
{
    [Fact(Timeout = 60_000)]
    public async Task Links_WhenTheNodeWasNeverStarted_FailsSayingNoNodeIsRunning()
    {
        var node = await InitNodeAsync("alpha");

        var links = await node.CliAsync("links", [], cancellationToken: Cancellation);

        Assert.False(links.Succeeded, links.ToString());
        Assert.True(Regex.IsMatch(links.Output, "(?i)no node|not running"), $"The error must say that no node is running.{Environment.NewLine}{links}");
    }

    [Fact(Timeout = 90_000)]
    public async Task Links_AfterTheNodeCrashed_FailsSayingNoNodeIsRunning()
    {
        // SIGKILL leaves DATA/api.json behind with a dead pid: the CLI must not try that URL forever or report it as up.
        var node = await InitNodeAsync("alpha");
        await node.StartAsync(Cancellation);
        await node.KillAsync();

        var links = await node.CliAsync("links", [], cancellationToken: Cancellation);

        Assert.False(links.Succeeded, links.ToString());
        Assert.True(Regex.IsMatch(links.Output, "(?i)no node|not running"), $"The error must say that no node is running.{Environment.NewLine}{links}");
    }

    [Fact(Timeout = 90_000)]
    public async Task Run_OnSigterm_ExitsZeroAndRemovesApiJson()
    {
        var node = await InitNodeAsync("alpha");
        await node.StartAsync(Cancellation);
        Assert.True(File.Exists(Path.Combine(node.DataDirectory, "api.json")), "A running node writes DATA/api.json.");

        var exitCode = await node.StopAsync(Cancellation);

        Assert.True(exitCode == 0, $"hotline run exited {exitCode} on SIGTERM.{Environment.NewLine}{node.Log.Tail()}");
        Assert.False(File.Exists(Path.Combine(node.DataDirectory, "api.json")), "A gracefully stopped node removes DATA/api.json.");
    }
}
