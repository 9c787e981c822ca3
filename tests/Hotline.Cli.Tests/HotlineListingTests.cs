using System.Text.Json;
using Hotline.Node.Api;

namespace Hotline.Cli.Tests;

/// <summary>counterparts, disagreements, suspend/resume, report and notifications against the fake operator API.</summary>
public sealed class HotlineListingTests : IDisposable
{
    private readonly TempDataDirectory _data = TempDataDirectory.Running();

    public void Dispose() => _data.Dispose();

    private static FakeNode WithCounterparts() => new()
    {
        Counterparts =
        {
            new CounterpartDto("mnd", "Dong Jun", "Minister of National Defense", 1, "military", 1,
                ["declared by us as the counterpart of secdef", "same protocol level (1)", "military authority, not civilian"]),
            new CounterpartDto("cmc-vice-chairman", null, "Vice Chairman of the Central Military Commission", 1, "party", 2,
                ["same protocol level (1)"]),
        },
    };

    [Fact]
    public async Task Counterparts_Json_HasExactlyPositionPrincipalRankReasons()
    {
        var node = WithCounterparts();

        var result = await CliRunner.RunAsync(["counterparts", "--data", _data.Path, "--link", "prc", "--for", "secdef", "--json"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["GET /api/v1/counterparts?link=prc&for=secdef"], node.Requests);
        using var json = JsonDocument.Parse(result.Out);
        var candidates = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, candidates.Count);
        Assert.All(candidates, c => Assert.Equal(["position", "principal", "rank", "reasons"], c.EnumerateObject().Select(p => p.Name)));
        Assert.Equal("mnd", candidates[0].GetProperty("position").GetString());
        Assert.Equal(1, candidates[0].GetProperty("rank").GetInt32());
        Assert.Equal(3, candidates[0].GetProperty("reasons").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, candidates[1].GetProperty("principal").ValueKind);
    }

    [Fact]
    public async Task Counterparts_Table_HasRankPositionPrincipalTitleReasons()
    {
        var result = await CliRunner.RunAsync(["counterparts", "--data", _data.Path, "--link", "prc", "--for", "secdef"], WithCounterparts());

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n');
        Assert.Matches(@"^RANK\s+POSITION\s+PRINCIPAL\s+TITLE\s+REASONS$", lines[0]);
        Assert.Matches(@"^1\s+mnd\s+Dong Jun\s+Minister of National Defense\s+declared by us as the counterpart of secdef; same protocol level \(1\); military", lines[1]);
        Assert.Matches(@"^2\s+cmc-vice-chairman\s+-\s+Vice Chairman", lines[2]);
    }

    [Fact]
    public async Task Counterparts_WithoutFor_IsAUsageError()
    {
        var result = await CliRunner.RunAsync(["counterparts", "--data", _data.Path, "--link", "prc"], new FakeNode());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--for", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disagreements_ListsAskedForAndProposed_ForTheLink()
    {
        var node = new FakeNode
        {
            Disagreements =
            {
                new DisagreementDto("0193abcd-0000-7000-8000-000000000001", "L1", "cmc-vice-chairman", "mnd", FakeNode.At, "wang", "The Minister is the appropriate counterpart."),
            },
        };

        var table = await CliRunner.RunAsync(["disagreements", "--data", _data.Path, "--link", "L1"], node);
        var json = await CliRunner.RunAsync(["disagreements", "--data", _data.Path, "--json"], node);

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Equal("GET /api/v1/disagreements?link=L1", node.Requests[0]);
        Assert.Matches(@"REQUEST\s+LINK\s+ASKED FOR\s+PROPOSED\s+AT\s+BY\s+NOTE", table.Out);
        Assert.Matches(@"00000001\s+L1\s+cmc-vice-chairman\s+mnd\s+2026-11-29 08:00:00Z\s+wang\s+The Minister is the appropriate counterpart\.", table.Out);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal("mnd", document.RootElement[0].GetProperty("proposed").GetString());
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("resume")]
    public async Task SuspendAndResume_PostTheReason_WithTheOperator(string verb)
    {
        var node = new FakeNode();
        node.Links.Add(FakeNode.Link("L1", "prc"));

        var result = await CliRunner.RunAsync([verb, "--data", _data.Path, "--link", "prc", "--reason", "exercise", "--as", "duty director"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([$"POST /api/v1/links/prc/{verb}"], node.Requests);
        Assert.Equal(["duty director"], node.Operators);
        Assert.Equal(("prc", verb, "exercise"), Assert.Single(node.SuspensionCalls));
        Assert.StartsWith($"link prc (L1): {(verb == "suspend" ? "suspended by us" : "not suspended")}\n", result.Out, StringComparison.Ordinal);
        Assert.Matches($@"2026-11-29 08:00:00Z\s+{verb}\s+ours\s+duty director\s+exercise", result.Out);
    }

    [Fact]
    public async Task Suspend_WithoutReason_IsAUsageError()
    {
        var node = new FakeNode();

        var result = await CliRunner.RunAsync(["suspend", "--data", _data.Path, "--link", "prc"], node);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--reason", result.Error, StringComparison.Ordinal);
        Assert.Empty(node.Requests);
    }

    [Fact]
    public async Task Notifications_PageAfterTheLastId()
    {
        var node = new FakeNode { MaxPage = 3 };
        node.Notifications.AddRange(Enumerable.Range(1, 8).Select(i =>
            new NotificationDto(i, FakeNode.At.AddMinutes(i), "escalation", "L1", "0193abcd-0000-7000-8000-000000000001", "watch-officer", $"step {i}")));

        var json = await CliRunner.RunAsync(["notifications", "--data", _data.Path, "--after", "2", "--json"], node);

        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal([3L, 4, 5, 6, 7, 8], document.RootElement.EnumerateArray().Select(n => n.GetProperty("id").GetInt64()));
        Assert.Equal(
            ["GET /api/v1/notifications?after=2&limit=1000", "GET /api/v1/notifications?after=5&limit=1000", "GET /api/v1/notifications?after=8&limit=1000"],
            node.Requests);
    }

    [Fact]
    public async Task Notifications_Table_ShowsTheText()
    {
        var node = new FakeNode();
        node.Notifications.Add(new NotificationDto(1, FakeNode.At, "overdue", "L1", null, "duty-director", "FLASH request from prc not acknowledged"));

        var result = await CliRunner.RunAsync(["notifications", "--data", _data.Path], node);
        var bad = await CliRunner.RunAsync(["notifications", "--data", _data.Path, "--after", "-1"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"1\s+2026-11-29 08:00:00Z\s+overdue\s+L1\s+-\s+duty-director\s+FLASH request from prc not acknowledged", result.Out);
        Assert.Equal(2, bad.ExitCode);
    }

    private static FiguresDto Figures(int requests) => new(
        requests, 2, requests - 2, 3, 2, 2, 1,
        new Dictionary<string, int> { ["wrong-counterpart"] = 1, ["preconditions-not-met"] = 0, ["timing"] = 0, ["no-reason-given"] = 0 },
        1, 1, 0, 0, 1, 0, 1,
        new DurationDto(3, 720, 11400), new DurationDto(2, 3600, null),
        [new LastDialogueDto(1, "0193abcd-0000-7000-8000-000000000001", "secdef", "mnd", FakeNode.At.AddDays(-30), 30)]);

    private static ReportDto Report() => new(
        FakeNode.At,
        DateTimeOffset.Parse("2026-01-01T00:00:00Z"),
        [new LinkReportDto("L1", "prc", Figures(5), 3.5, [new PairReportDto("secdef", "mnd", Figures(5))])]);

    [Fact]
    public async Task Report_Human_ShowsTheFigures_AndAPairTable()
    {
        var node = new FakeNode { Report = Report() };

        var result = await CliRunner.RunAsync(["report", "--data", _data.Path, "--link", "prc", "--since", "2026-01-01"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["GET /api/v1/report?link=prc&since=2026-01-01T00%3A00%3A00Z"], node.Requests);
        Assert.Contains("engagement report, requests sent since 2026-01-01 00:00:00Z", result.Out, StringComparison.Ordinal);
        Assert.Contains("link prc (L1)", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"\n  requests\s+5\n", result.Out);
        Assert.Matches(@"\n  repeated attempts\s+3\n", result.Out);
        Assert.Matches(@"\n  acknowledged\s+3 \(2 within deadline\)\n", result.Out);
        Assert.Matches(@"\n  declined\s+1 \(wrong-counterpart 1, preconditions-not-met 0, timing 0, no-reason-given 0\)\n", result.Out);
        Assert.Matches(@"\n  overdue now\s+1\n", result.Out);
        Assert.Matches(@"\n  time to acknowledge\s+median 12m 00s, p90 3h 10m \(over 3\)\n", result.Out);
        Assert.Matches(@"\n  time to answer\s+median 1h 00m, p90 - \(over 2\)\n", result.Out);
        Assert.Matches(@"\n  suspended\s+3.5 days\n", result.Out);
        Assert.Matches(@"\n  last completed dialogue\s+level 1: secdef with mnd, 2026-10-30 08:00:00Z, 30 days ago", result.Out);
        Assert.Matches(@"\nFROM\s+TO\s+REQUESTS\s+ENGAGEMENTS\s+REPEATED\s+ACKNOWLEDGED\s+IN TIME\s+ACCEPTED\s+DECLINED", result.Out);
        Assert.Matches(@"\nsecdef\s+mnd\s+5\s+2\s+3\s+3\s+2\s+2\s+1\s+", result.Out);
    }

    [Fact]
    public async Task Report_Json_IsTheReport()
    {
        var node = new FakeNode { Report = Report() };

        var result = await CliRunner.RunAsync(["report", "--data", _data.Path, "--json"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["GET /api/v1/report"], node.Requests);
        using var json = JsonDocument.Parse(result.Out);
        var link = json.RootElement.GetProperty("links")[0];
        Assert.Equal(3.5, link.GetProperty("suspendedDays").GetDouble());
        Assert.Equal(5, link.GetProperty("figures").GetProperty("requests").GetInt32());
        Assert.Equal(1, link.GetProperty("figures").GetProperty("declinedByReason").GetProperty("wrong-counterpart").GetInt32());
        Assert.Equal("secdef", link.GetProperty("pairs")[0].GetProperty("from").GetString());
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-01")]
    [InlineData("2026-01-01T08:00")]
    public async Task Report_WithABadSince_IsAUsageError(string since)
    {
        var result = await CliRunner.RunAsync(["report", "--data", _data.Path, "--since", since], new FakeNode());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--since needs a day such as 2026-01-01 or a time such as 2026-01-01T08:00Z (got '{since}')", result.Error, StringComparison.Ordinal);
    }
}
