namespace Hotline.Cli.Tests;

public sealed class ArgumentParsingTests
{
    [Fact]
    public async Task Send_WithNeitherBodyNorStdin_IsAUsageError()
    {
        var result = await CliRunner.RunAsync(["send", "--data", "/nonexistent", "--link", "bravo"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("hotline: error: give exactly one of --body TEXT or --stdin", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Send_WithBothBodyAndStdin_IsAUsageError()
    {
        var result = await CliRunner.RunAsync(["send", "--data", "/nonexistent", "--link", "bravo", "--body", "hi", "--stdin"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("exactly one of --body TEXT or --stdin", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urgent")]
    [InlineData("")]
    [InlineData("FLASHY")]
    public async Task Send_WithUnknownPrecedence_IsRejectedNamingTheValidOnes(string precedence)
    {
        var result = await CliRunner.RunAsync(["send", "--data", "/nonexistent", "--link", "bravo", "--body", "hi", "--precedence", precedence]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"unknown precedence '{precedence}': use FLASH, IMMEDIATE, PRIORITY or ROUTINE", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flash", "FLASH")]
    [InlineData("Immediate", "IMMEDIATE")]
    [InlineData("PRIORITY", "PRIORITY")]
    [InlineData(null, "ROUTINE")]
    public async Task Send_Precedence_IsCaseInsensitiveAndDefaultsToRoutine(string? given, string sent)
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode();
        string[] args = ["send", "--data", data.Path, "--link", "bravo", "--body", "hi"];
        if (given is not null)
        {
            args = [.. args, "--precedence", given];
        }

        var result = await CliRunner.RunAsync(args, node);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(sent, Assert.Single(node.Sent).Precedence);
    }

    [Fact]
    public async Task NoCommand_IsAUsageError()
    {
        var result = await CliRunner.RunAsync([]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("hotline: error: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MistypedCommand_IsReportedAlone()
    {
        var result = await CliRunner.RunAsync(["sedn", "--data", "x"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("hotline: error: unrecognized command or argument 'sedn'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingData_IsAUsageErrorNamingTheFlag()
    {
        var result = await CliRunner.RunAsync(["links"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--data", result.Error, StringComparison.Ordinal);
        Assert.Contains("(see: hotline links --help)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_WithoutASubcommand_IsAUsageError()
    {
        var result = await CliRunner.RunAsync(["directory"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("hotline: error: ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "--listen", "not-a-url")]
    [InlineData("init", "--listen", "ftp://127.0.0.1:21")]
    [InlineData("invite", "--expires", "0")]
    [InlineData("invite", "--expires", "soon")]
    public async Task InvalidOptionValue_IsAUsageError(string command, string option, string value)
    {
        string[] args = command == "init"
            ? [command, "--data", "/nonexistent", "--name", "alpha", option, value]
            : [command, "--data", "/nonexistent", option, value];

        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("hotline: error: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("init", new[] { "--data", "--name", "--listen", "--json" })]
    [InlineData("run", new[] { "--data", "--listen" })]
    [InlineData("invite", new[] { "--data", "--expires", "--as", "--json" })]
    [InlineData("accept", new[] { "--data", "TOKEN", "--as", "--json" })]
    [InlineData("links", new[] { "--data", "--json" })]
    [InlineData("send", new[] { "--data", "--link", "--precedence", "--to", "--body", "--stdin", "--as", "--json" })]
    [InlineData("inbox", new[] { "--data", "--link", "--json" })]
    [InlineData("outbox", new[] { "--data", "--link", "--json" })]
    [InlineData("status", new[] { "--data", "--json" })]
    [InlineData("directory import", new[] { "--data", "FILE", "--as", "--json" })]
    [InlineData("directory show", new[] { "--data", "--link", "--json" })]
    [InlineData("counterparts", new[] { "--data", "--link", "--for", "--json" })]
    [InlineData("request", new[] { "--data", "--link", "--from", "--to", "--kind", "--purpose", "--precedence", "--window", "--expires", "--follows", "--as", "--json" })]
    [InlineData("respond", new[] { "--data", "REQUEST_ID", "ACTION", "--reason", "--code", "--counterpart", "--at", "--channel", "--link", "--as", "--json" })]
    [InlineData("requests", new[] { "--data", "--link", "--state", "--json", "show" })]
    [InlineData("requests show", new[] { "--data", "REQUEST_ID", "--json" })]
    [InlineData("disagreements", new[] { "--data", "--link", "--json" })]
    [InlineData("suspend", new[] { "--data", "--link", "--reason", "--as", "--json" })]
    [InlineData("resume", new[] { "--data", "--link", "--reason", "--as", "--json" })]
    [InlineData("report", new[] { "--data", "--link", "--since", "--json" })]
    [InlineData("notifications", new[] { "--data", "--after", "--json" })]
    public async Task Help_ListsEveryFlagOfTheCommand(string command, string[] flags)
    {
        var result = await CliRunner.RunAsync([.. command.Split(' '), "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"hotline {command}", result.Out, StringComparison.Ordinal);
        foreach (var flag in flags)
        {
            Assert.Contains(flag, result.Out, StringComparison.Ordinal);
        }

        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Help_OfTheRootCommand_ListsEveryCommand()
    {
        var result = await CliRunner.RunAsync(["--help"]);

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[]
        {
            "init", "run", "invite", "accept", "links", "send", "inbox", "outbox", "status", "directory", "counterparts", "request",
            "respond", "requests", "disagreements", "suspend", "resume", "report", "notifications",
        })
        {
            Assert.Contains(command, result.Out, StringComparison.Ordinal);
        }
    }
}
