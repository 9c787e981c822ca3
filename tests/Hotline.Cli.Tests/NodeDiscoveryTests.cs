namespace Hotline.Cli.Tests;

public sealed class NodeDiscoveryTests
{
    public static TheoryData<string> NodeCommands =>
    [
        "status",
        "links",
        "invite",
        "accept TOKEN",
        "send --link bravo --body hi",
        "inbox",
        "outbox",
    ];

    [Theory]
    [MemberData(nameof(NodeCommands))]
    public async Task EmptyDirectory_IsNotAHotlineDataDirectory(string command)
    {
        using var data = TempDataDirectory.Empty();

        var result = await CliRunner.RunAsync([.. command.Split(' '), "--data", data.Path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"hotline: error: {data.Path} is not a hotline data directory (create one with: hotline init --data {data.Path} --name NAME)\n",
            result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task MissingDirectory_IsNotAHotlineDataDirectory()
    {
        var result = await CliRunner.RunAsync(["status", "--data", "/nonexistent/hotline"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/nonexistent/hotline is not a hotline data directory", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NodeCommands))]
    public async Task WithoutApiFile_NoNodeIsRunning(string command)
    {
        using var data = TempDataDirectory.Initialized();

        var result = await CliRunner.RunAsync([.. command.Split(' '), "--data", data.Path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"hotline: error: no node is running on {data.Path} (start one with: hotline run --data {data.Path})\n", result.Error);
    }

    [Fact]
    public async Task ApiFileOfADeadProcess_NoNodeIsRunning()
    {
        // Larger than any pid_max, so certainly no such process.
        using var data = TempDataDirectory.Running(pid: int.MaxValue);

        var result = await CliRunner.RunAsync(["status", "--data", data.Path], new FakeNode());

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("hotline: error: no node is running on ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HalfWrittenApiFile_NoNodeIsRunning()
    {
        using var data = TempDataDirectory.Initialized();
        File.WriteAllText(Path.Combine(data.Path, "api.json"), """{"url": "http://127.""");

        var result = await CliRunner.RunAsync(["links", "--data", data.Path], new FakeNode());

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("hotline: error: no node is running on ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedConnection_NoNodeIsRunning()
    {
        // api.json names a live process (this one) but nothing listens on the port: a node killed with -9 looks so.
        using var data = TempDataDirectory.Running(Loopback.ClosedPortUrl());

        var result = await CliRunner.RunAsync(["status", "--data", data.Path]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"hotline: error: no node is running on {data.Path} (start one with: hotline run --data {data.Path})\n", result.Error);
    }

    [Fact]
    public async Task PathWithSpaces_IsQuotedInTheSuggestedCommand()
    {
        var result = await CliRunner.RunAsync(["status", "--data", "/nonexistent/my node"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("hotline init --data '/nonexistent/my node' --name NAME", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingOperatorToken_IsNamed()
    {
        using var data = TempDataDirectory.Running();
        File.Delete(Path.Combine(data.Path, "operator.token"));

        var result = await CliRunner.RunAsync(["status", "--data", data.Path], new FakeNode());

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("operator.token is missing", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperatorToken_IsSentAsBearer()
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode();

        var result = await CliRunner.RunAsync(["status", "--data", data.Path], node);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"Bearer {TempDataDirectory.Token}", Assert.Single(node.Authorizations));
    }
}
