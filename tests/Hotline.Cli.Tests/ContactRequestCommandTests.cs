using System.Net;
using System.Text.Json;
using Hotline.Node.Api;

namespace Hotline.Cli.Tests;

public sealed class ContactRequestCommandTests : IDisposable
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.Parse("2026-11-29T09:00:00Z");

    private readonly TempDataDirectory _data = TempDataDirectory.Running();

    public void Dispose() => _data.Dispose();

    private string[] Request(params string[] more) =>
        ["request", "--data", _data.Path, "--link", "prc", "--from", "secdef", "--to", "mnd", "--kind", "call", "--purpose", "Crisis communications", .. more];

    [Fact]
    public async Task Request_ByAnOperatorNamedInAnotherScript_SendsTheNamePercentEncoded()
    {
        var node = new FakeNode();
        node.Links.Add(FakeNode.Link("L1", "prc"));

        var result = await CliRunner.RunAsync(Request("--as", "张伟 (Zhāng Wěi)"), node, time: new FixedTime(s_now));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["张伟 (Zhāng Wěi)"], node.Operators);
    }

    [Fact]
    public async Task Request_PostsTheRequest_WithTheOperator_AndPrintsTheIdFirst()
    {
        var node = new FakeNode();
        node.Links.Add(FakeNode.Link("L1", "prc"));

        var result = await CliRunner.RunAsync(
            Request("--precedence", "flash", "--window", "2026-12-01T10:00Z/2026-12-01T20:00+08:00", "--expires", "+2h", "--follows", "0193abcd-1111", "--as", "alice"),
            node,
            time: new FixedTime(s_now));

        Assert.True(result.ExitCode == 0, result.ToString());
        var open = Assert.Single(node.Opened);
        Assert.Equal(
            new OpenRequestDto("prc", "secdef", "mnd", "call", "Crisis communications", "FLASH",
                DateTimeOffset.Parse("2026-12-01T10:00Z"), DateTimeOffset.Parse("2026-12-01T12:00Z"), s_now.AddHours(2), "0193abcd-1111"),
            open);
        Assert.Equal(["POST /api/v1/requests"], node.Requests);
        Assert.Equal(["alice"], node.Operators);
        var lines = result.Out.Split('\n');
        Assert.Equal("0193abcd-0000-7000-8000-000000000000", lines[0]);
        Assert.Equal("call secdef -> mnd on prc: state sent, attempt 1, acknowledgment due 2026-11-29 14:00:00Z (in 5h 00m)", lines[1]);
    }

    [Fact]
    public async Task Request_Json_IsExactlyTheId()
    {
        var node = new FakeNode();

        var result = await CliRunner.RunAsync(Request("--json"), node);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var property = Assert.Single(json.RootElement.EnumerateObject());
        Assert.Equal(("id", "0193abcd-0000-7000-8000-000000000000"), (property.Name, property.Value.GetString()));
    }

    [Fact]
    public async Task Request_WithoutAs_SendsTheLoginName()
    {
        var node = new FakeNode();

        var result = await CliRunner.RunAsync(Request(), node);

        Assert.True(result.ExitCode == 0, result.ToString());
        var login = Environment.UserName;
        Assert.Equal([string.IsNullOrWhiteSpace(login) ? "operator" : login.Trim()], node.Operators);
    }

    [Theory]
    [InlineData("--kind", "fax", "unknown kind 'fax': use call, video, meeting or message")]
    [InlineData("--precedence", "urgent", "unknown precedence 'urgent': use FLASH, IMMEDIATE, PRIORITY or ROUTINE")]
    [InlineData("--window", "2026-12-01T10:00Z", "--window needs FROM/TO")]
    [InlineData("--window", "2026-12-01T10:00/2026-12-01T12:00", "--window needs FROM/TO")]
    [InlineData("--window", "tomorrow/later", "--window needs FROM/TO")]
    [InlineData("--window", "a/b/c", "--window needs FROM/TO")]
    [InlineData("--expires", "2h", "--expires needs a time with its zone")]
    [InlineData("--expires", "2026-12-01 10:00", "--expires needs a time with its zone")]
    [InlineData("--follows", "0193", "--follows: '0193' is not a request id")]
    [InlineData("--purpose", " ", "--purpose needs a value (TEXT)")]
    [InlineData("--as", "system", "--as cannot be 'system'")]
    public async Task Request_WithAnInvalidValue_IsAUsageError_NamingIt(string option, string value, string expected)
    {
        var node = new FakeNode();
        var args = Request().ToList();
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var result = await CliRunner.RunAsync([.. args], node);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("hotline: error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains("(see: hotline request --help)", result.Error, StringComparison.Ordinal);
        Assert.Empty(node.Requests);
    }

    [Theory]
    [InlineData("--link")]
    [InlineData("--from")]
    [InlineData("--to")]
    [InlineData("--kind")]
    [InlineData("--purpose")]
    public async Task Request_WithoutARequiredOption_IsAUsageError(string option)
    {
        var args = Request().ToList();
        args.RemoveRange(args.IndexOf(option), 2);

        var result = await CliRunner.RunAsync([.. args], new FakeNode());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithAWindowEndingBeforeItStarts_IsAUsageError_BeforeAnyHttpCall()
    {
        var node = new FakeNode();

        var result = await CliRunner.RunAsync(Request("--window", "+3h/+1h"), node, time: new FixedTime(s_now));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("hotline: error: --window must end after it starts (from 2026-11-29 12:00:00Z to 2026-11-29 10:00:00Z)\n", result.Error);
        Assert.Empty(node.Requests);
    }

    [Fact]
    public async Task Respond_PostsTheAction_WithTheOperator_AndPrintsTheNewState()
    {
        var node = new FakeNode();
        node.ContactRequests.Add(FakeNode.ContactRequest("0193abcd-0000-7000-8000-000000000001", "L1", "prc", "delivered"));

        var result = await CliRunner.RunAsync(["respond", "--data", _data.Path, "0193abcd-0000-7", "acknowledge", "--as", "bob", "--link", "prc"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("0193abcd-0000-7000-8000-000000000001: acknowledged\n", result.Out);
        Assert.Equal(["POST /api/v1/requests/0193abcd-0000-7/actions"], node.Requests);
        Assert.Equal(["bob"], node.Operators);
        Assert.Equal(("0193abcd-0000-7", new RequestActionDto("ack", Link: "prc")), Assert.Single(node.Actions));
    }

    [Fact]
    public async Task Respond_Accept_CarriesTimeAndChannel_AndJsonIsTheRequest()
    {
        var node = new FakeNode();
        node.ContactRequests.Add(FakeNode.ContactRequest("0193abcd-0000-7000-8000-000000000001", "L1", "prc", "acknowledged"));

        var result = await CliRunner.RunAsync(
            ["respond", "--data", _data.Path, "0193abcd", "accept", "--at", "+1d", "--channel", "DTL voice", "--json"], node, time: new FixedTime(s_now));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new RequestActionDto("accept", At: s_now.AddDays(1), Channel: "DTL voice"), Assert.Single(node.Actions).Action);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("accepted", json.RootElement.GetProperty("state").GetString());
        Assert.Equal("0193abcd-0000-7000-8000-000000000001", json.RootElement.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData(new[] { "--code", "timing", "--reason", "next week suits better" }, "timing", "next week suits better")]
    [InlineData(new[] { "--code", "Wrong-Counterpart" }, "wrong-counterpart", null)]
    [InlineData(new[] { "--reason", "preconditions-not-met: the proper atmosphere has not been created" }, "preconditions-not-met", "the proper atmosphere has not been created")]
    [InlineData(new[] { "--reason", "timing" }, "timing", null)]
    [InlineData(new[] { "--reason", "too busy" }, null, "too busy")]
    [InlineData(new string[0], null, null)]
    public async Task Respond_Decline_SendsTheCodeAndTheText(string[] options, string? code, string? reason)
    {
        var node = new FakeNode();
        node.ContactRequests.Add(FakeNode.ContactRequest("0193abcd-0000-7000-8000-000000000001", "L1", "prc", "acknowledged"));

        var result = await CliRunner.RunAsync(["respond", "--data", _data.Path, "0193abcd", "decline", .. options], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new RequestActionDto("decline", reason, code), Assert.Single(node.Actions).Action);
    }

    [Theory]
    [InlineData("0193abcd", "fly", "unknown action 'fly': use ack (or acknowledge), accept, decline, counter, withdraw, cancel, complete or miss")]
    [InlineData("0193abcd", "expire", "unknown action 'expire'")]
    [InlineData("0193abcd", "deliver", "unknown action 'deliver'")]
    [InlineData("0193ab", "ack", "'0193ab' is not a request id: give the id, or at least 8 hex digits from its start or its end")]
    [InlineData("not-an-id-at-all", "ack", "is not a request id")]
    public async Task Respond_WithAnUnknownActionOrABadId_IsAUsageError(string id, string verb, string expected)
    {
        var node = new FakeNode();

        var result = await CliRunner.RunAsync(["respond", "--data", _data.Path, id, verb], node);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Empty(node.Requests);
    }

    [Theory]
    [InlineData("accept", "--code", "timing", "--code goes with decline, not with accept")]
    [InlineData("decline", "--counterpart", "mnd", "--counterpart goes with counter, not with decline")]
    [InlineData("counter", "--channel", "video", "--channel goes with accept, not with counter")]
    [InlineData("withdraw", "--at", "+1h", "--at goes with accept, counter, not with withdraw")]
    [InlineData("ack", "--reason", "seen", "--reason goes with decline, counter, withdraw, cancel, complete, miss, not with ack")]
    [InlineData("decline", "--code", "busy", "unknown decline code 'busy': use wrong-counterpart, preconditions-not-met, timing or no-reason-given")]
    public async Task Respond_WithADetailThatDoesNotGoWithTheAction_IsAUsageError(string verb, string option, string value, string expected)
    {
        var node = new FakeNode();

        var result = await CliRunner.RunAsync(["respond", "--data", _data.Path, "0193abcd", verb, option, value], node);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("hotline: error: " + expected, result.Error, StringComparison.Ordinal);
        Assert.Contains("(see: hotline respond --help)", result.Error, StringComparison.Ordinal);
        Assert.Empty(node.Requests);
    }

    [Fact]
    public async Task Respond_RefusedByTheNode_IsOneErrorLine_WithTheReason()
    {
        var node = new FakeNode
        {
            RefuseActions = (HttpStatusCode.Conflict, "Only the responder may counter a request that is acknowledged; the requester cannot.", "WrongSide"),
        };

        var result = await CliRunner.RunAsync(["respond", "--data", _data.Path, "0193abcd", "counter", "--counterpart", "mnd"], node);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "hotline: error: Only the responder may counter a request that is acknowledged; the requester cannot. (WrongSide; HTTP 409 from POST /api/v1/requests/0193abcd/actions)\n",
            result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Requests_Json_HasExactlyTheContractKeys()
    {
        var node = new FakeNode();
        node.ContactRequests.Add(FakeNode.ContactRequest("0193abcd-0000-7000-8000-000000000001", "L1", "prc", "sent", overdue: true));

        var result = await CliRunner.RunAsync(["requests", "--data", _data.Path, "--json"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var request = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(
            ["id", "link", "from", "to", "kind", "precedence", "state", "attempt", "ackDeadline", "overdue", "history"],
            request.EnumerateObject().Select(p => p.Name));
        Assert.Equal("L1", request.GetProperty("link").GetString());
        Assert.Equal("2026-11-29T14:00:00+00:00", request.GetProperty("ackDeadline").GetString());
        Assert.True(request.GetProperty("overdue").GetBoolean());
        var entry = Assert.Single(request.GetProperty("history").EnumerateArray());
        Assert.Equal(["from", "to", "action", "side", "who", "at", "details"], entry.EnumerateObject().Select(p => p.Name));
        Assert.Equal("alice", entry.GetProperty("who").GetString());
    }

    [Fact]
    public async Task Requests_PassesTheFilters_AndRejectsAnUnknownState()
    {
        var node = new FakeNode();

        var filtered = await CliRunner.RunAsync(["requests", "--data", _data.Path, "--link", "prc", "--state", "Acknowledged"], node);
        var unknown = await CliRunner.RunAsync(["requests", "--data", _data.Path, "--state", "pending"], node);

        Assert.True(filtered.ExitCode == 0, filtered.ToString());
        Assert.Equal(["GET /api/v1/requests?link=prc&state=acknowledged"], node.Requests);
        Assert.Equal([null], node.Operators);
        Assert.Equal("no contact requests\n", filtered.Out);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown state 'pending'", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_Table_ShowsShortIds_TheKeyFields_AndMarksOverdue()
    {
        var node = new FakeNode();
        node.ContactRequests.Add(FakeNode.ContactRequest("0193abcd-0000-7000-8000-000000000001", "L1", "prc", "sent", overdue: true));
        node.ContactRequests.Add(FakeNode.ContactRequest("01940000-0000-7000-8000-000000000002", "L1", "prc", "acknowledged"));

        var result = await CliRunner.RunAsync(["requests", "--data", _data.Path], node, time: new FixedTime(s_now));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n');
        Assert.Matches(@"^ID\s+LINK\s+FROM -> TO\s+KIND\s+PRECEDENCE\s+STATE\s+ATTEMPT\s+ACK DEADLINE$", lines[0]);
        Assert.Matches(@"^00000001\s+prc\s+secdef -> mnd\s+call\s+ROUTINE\s+sent\s+1\s+2026-11-29 14:00:00Z \(in 5h 00m\)\s+OVERDUE \(acknowledgment\)$", lines[1]);
        Assert.Matches(@"^00000002\s+prc\s+secdef -> mnd\s+call\s+ROUTINE\s+acknowledged\s+1\s+2026-11-29 14:00:00Z \(in 5h 00m\)$", lines[2]);
        Assert.Contains("2 requests, 1 overdue", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsShow_PrintsDeadlines_History_Superseded_AndAllowedActions()
    {
        var node = new FakeNode();
        node.ContactRequests.Add(FakeNode.ContactRequest("0193abcd-0000-7000-8000-000000000001", "L1", "prc", "countered") with
        {
            ProposedCounterpart = "mnd-deputy",
            Allowed = ["accept", "withdraw"],
            History =
            [
                new TransitionDto("sent", "sent", "request", "requester", "alice", FakeNode.At, null),
                new TransitionDto("sent", "acknowledged", "ack", "responder", "wang", FakeNode.At.AddMinutes(4), null),
                new TransitionDto("acknowledged", "countered", "counter", "responder", "wang", FakeNode.At.AddMinutes(30), "counterpart mnd-deputy"),
            ],
            Superseded = [new SupersededDto("withdraw", "requester", "alice", FakeNode.At.AddMinutes(31), "The request was countered before the withdrawal arrived.")],
        });

        var result = await CliRunner.RunAsync(["requests", "show", "--data", _data.Path, "0193abcd"], node, time: new FixedTime(s_now));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["GET /api/v1/requests/0193abcd"], node.Requests);
        Assert.Matches(@"REQUEST\s+0193abcd-0000-7000-8000-000000000001", result.Out);
        Assert.Matches(@"acknowledge by\s+2026-11-29 14:00:00Z \(in 5h 00m\)", result.Out);
        Assert.Matches(@"answer by\s+2026-12-01 08:00:00Z \(in 1d 23h\)", result.Out);
        Assert.Matches(@"proposed\s+counterpart mnd-deputy", result.Out);
        Assert.Matches(@"allowed now\s+accept, withdraw", result.Out);
        Assert.Matches(@"2026-11-29 08:04:00Z\s+responder\s+wang\s+ack\s+sent -> acknowledged", result.Out);
        Assert.Matches(@"2026-11-29 08:30:00Z\s+responder\s+wang\s+counter\s+acknowledged -> countered\s+counterpart mnd-deputy", result.Out);
        Assert.Matches(@"superseded .*\n.*\n2026-11-29 08:31:00Z\s+requester\s+alice\s+withdraw\s+The request was countered before the withdrawal arrived\.", result.Out);
    }

    [Fact]
    public async Task RequestsShow_OfAnUnknownRequest_IsTheNodesNotFound()
    {
        var result = await CliRunner.RunAsync(["requests", "show", "--data", _data.Path, "0193abcd", "--json"], new FakeNode());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("hotline: error: No contact request '0193abcd'. (UnknownRequest; HTTP 404 from GET /api/v1/requests/0193abcd)\n", result.Error);
        Assert.Equal("", result.Out);
    }
}
