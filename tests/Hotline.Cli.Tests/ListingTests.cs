using System.Text.Json;

namespace Hotline.Cli.Tests;

public sealed class ListingTests
{
    [Fact]
    public async Task Inbox_OfOneLink_PagesThroughEverything_InSequenceOrder()
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode { MaxPage = 7 };
        node.Links.Add(FakeNode.Link("L1", "bravo"));
        node.Inbox.AddRange(Enumerable.Range(0, 50).Select(i => FakeNode.InboxItem("L1", i)));

        var result = await CliRunner.RunAsync(["inbox", "--data", data.Path, "--link", "bravo", "--json"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), json.RootElement.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
        var first = json.RootElement[0];
        foreach (var property in new[] { "id", "link", "from", "sequence", "precedence", "body", "receivedAt" })
        {
            Assert.True(first.TryGetProperty(property, out _), $"missing {property}");
        }

        Assert.Equal("body 0", first.GetProperty("body").GetString());
        Assert.Equal("GET /api/v1/inbox?link=bravo&after=-1&limit=1000", node.Requests[0]);
        Assert.Equal("GET /api/v1/inbox?link=bravo&after=6&limit=1000", node.Requests[1]);
    }

    [Fact]
    public async Task Inbox_WithoutLink_ListsEachLinkInTurn()
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode();
        node.Links.Add(FakeNode.Link("L1", "bravo"));
        node.Links.Add(FakeNode.Link("L2", "charlie"));
        node.Inbox.AddRange(Enumerable.Range(0, 10).Select(i => FakeNode.InboxItem("L2", i)));
        node.Inbox.AddRange(Enumerable.Range(0, 10).Select(i => FakeNode.InboxItem("L1", i)));

        var result = await CliRunner.RunAsync(["inbox", "--data", data.Path, "--json"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var expected = Enumerable.Range(0, 10).Select(i => $"L1:{i}").Concat(Enumerable.Range(0, 10).Select(i => $"L2:{i}"));
        Assert.Equal(expected, json.RootElement.EnumerateArray().Select(e => $"{e.GetProperty("link").GetString()}:{e.GetProperty("sequence").GetInt64()}"));
    }

    [Fact]
    public async Task Inbox_UnknownLink_ShowsTheNodesProblemDetail()
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode();

        var result = await CliRunner.RunAsync(["inbox", "--data", data.Path, "--link", "zulu"], node);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("hotline: error: no link with id or peer 'zulu' (HTTP 404 from GET /api/v1/inbox)\n", result.Error);
    }

    [Fact]
    public async Task Outbox_PagesByOffset_AndReportsStateAndWaiting()
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode { MaxPage = 4 };
        node.Links.Add(FakeNode.Link("L1", "bravo"));
        node.Outbox.AddRange(Enumerable.Range(0, 10).Select(i => FakeNode.OutboxItem("L1", i, i < 5 ? "delivered" : i < 8 ? "sent" : "queued")));

        var result = await CliRunner.RunAsync(["outbox", "--data", data.Path, "--link", "L1", "--json"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var items = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"out-{i}"), items.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal("delivered", items[0].GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, items[9].GetProperty("sequence").ValueKind);
        Assert.Equal(60, items[9].GetProperty("waitingSeconds").GetDouble());
        Assert.Equal(
            ["GET /api/v1/outbox?link=L1&offset=0&limit=1000", "GET /api/v1/outbox?link=L1&offset=4&limit=1000",
             "GET /api/v1/outbox?link=L1&offset=8&limit=1000", "GET /api/v1/outbox?link=L1&offset=10&limit=1000"],
            node.Requests);
    }

    [Fact]
    public async Task Outbox_Human_ShowsHowLongUndeliveredMessagesWaited()
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode();
        node.Outbox.Add(FakeNode.OutboxItem("L1", 0, "delivered"));
        node.Outbox.Add(FakeNode.OutboxItem("L1", 1, "queued"));

        var result = await CliRunner.RunAsync(["outbox", "--data", data.Path], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1m 00s", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 delivered, 1 queued; the oldest undelivered message has waited 1m 00s", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_Json_HasTheContractFields()
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode();
        node.Links.Add(FakeNode.Link("L1", "bravo", backlog: 3));

        var result = await CliRunner.RunAsync(["links", "--data", data.Path, "--json"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var link = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("L1", link.GetProperty("id").GetString());
        Assert.Equal("bravo", link.GetProperty("peer").GetString());
        Assert.Equal("up", link.GetProperty("state").GetString());
        Assert.Equal(3, link.GetProperty("backlog").GetInt64());
        Assert.Equal("2026-11-29T08:00:00+00:00", link.GetProperty("lastContactAt").GetString());
    }

    [Fact]
    public async Task Links_Human_ShowsASuspensionOnItsOwnLine()
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode();
        node.Links.Add(FakeNode.Link("L1", "bravo") with { Suspension = "suspended by bravo since 2026-11-29 08:00Z: talks suspended" });
        node.Links.Add(FakeNode.Link("L2", "charlie"));

        var result = await CliRunner.RunAsync(["links", "--data", data.Path], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SUSPENDED  bravo: suspended by bravo since 2026-11-29 08:00Z: talks suspended\n", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("SUSPENDED  charlie", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Json_IsTheNodeStatus()
    {
        using var data = TempDataDirectory.Running();
        var node = new FakeNode();
        node.Links.Add(FakeNode.Link("L1", "bravo"));

        var result = await CliRunner.RunAsync(["status", "--data", data.Path, "--json"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("alpha", json.RootElement.GetProperty("name").GetString());
        Assert.Equal("http://127.0.0.1:7999", json.RootElement.GetProperty("url").GetString());
        Assert.Equal("bravo", json.RootElement.GetProperty("links")[0].GetProperty("peer").GetString());
    }
}
