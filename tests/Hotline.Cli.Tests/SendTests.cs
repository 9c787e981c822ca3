using System.Text.Json;

namespace Hotline.Cli.Tests;

public sealed class SendTests
{
    [Fact]
    public async Task Stdin_SendsEachLineInOrder_InChunksOfAtMost500()
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode();
        var lines = Enumerable.Range(0, 1201).Select(i => $"line {i}").ToList();

        var result = await CliRunner.RunAsync(
            ["send", "--data", data.Path, "--link", "bravo", "--stdin", "--json"], node, string.Join("\n", lines) + "\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([500, 500, 201], node.Sent.Select(s => s.Bodies.Count));
        Assert.Equal(lines, node.Sent.SelectMany(s => s.Bodies));
        using var ids = JsonDocument.Parse(result.Out);
        Assert.Equal(
            Enumerable.Range(0, 1201).Select(i => $"m{i}"),
            ids.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("a\nb\n", new[] { "a", "b" })]
    [InlineData("a\nb", new[] { "a", "b" })]
    [InlineData("a\r\nb\r\n", new[] { "a", "b" })]
    [InlineData("a\n\nb\n", new[] { "a", "", "b" })]
    [InlineData("a\n\n", new[] { "a", "" })]
    [InlineData("\n", new[] { "" })]
    public async Task Stdin_EmptyLinesAreMessages_ButTheFinalNewlineEndsTheInput(string input, string[] expected)
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode();

        var result = await CliRunner.RunAsync(["send", "--data", data.Path, "--link", "bravo", "--stdin"], node, input);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, node.Sent.SelectMany(s => s.Bodies));
    }

    [Fact]
    public async Task Stdin_Empty_SendsNothing()
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode();

        var result = await CliRunner.RunAsync(["send", "--data", data.Path, "--link", "bravo", "--stdin", "--json"], node, "");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(node.Sent);
        Assert.Equal("[]", result.Out.Trim());
    }

    [Fact]
    public async Task Body_SendsOneMessage_WithLinkAndRecipient()
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode();

        var result = await CliRunner.RunAsync(
            ["send", "--data", data.Path, "--link", "bravo", "--to", "chief of staff", "--body", "call me", "--precedence", "flash"], node);

        Assert.Equal(0, result.ExitCode);
        var sent = Assert.Single(node.Sent);
        Assert.Equal(("bravo", "chief of staff", "FLASH"), (sent.Link, sent.To, sent.Precedence));
        Assert.Equal(["call me"], sent.Bodies);
        Assert.Equal("m0\n", result.Out);
    }

    [Fact]
    public async Task Send_CarriesTheOperatorNamedByAs()
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode();

        var result = await CliRunner.RunAsync(["send", "--data", data.Path, "--link", "bravo", "--body", "hi", "--as", "watch officer"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["watch officer"], node.Operators);
    }

    [Fact]
    public async Task FailureAfterSomeChunks_KeepsTheQueuedIdsAsValidJson_AndSaysHowManyWereQueued()
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode { FailSendFromCall = 1 };
        var input = string.Join("\n", Enumerable.Range(0, 700).Select(i => $"line {i}"));

        var result = await CliRunner.RunAsync(["send", "--data", data.Path, "--link", "bravo", "--stdin", "--json"], node, input);

        Assert.Equal(1, result.ExitCode);
        using var ids = JsonDocument.Parse(result.Out);
        Assert.Equal(500, ids.RootElement.GetArrayLength());
        Assert.StartsWith("hotline: error: the database is locked (HTTP 503", result.Error, StringComparison.Ordinal);
        Assert.Contains("the first 500 messages were queued", result.Error, StringComparison.Ordinal);
    }
}
