using System.Net;
using Hotline.Federation.Tests.Harness;
using Hotline.Node.Api;

namespace Hotline.Federation.Tests;

/// <summary>
/// The hotline across two real node processes: directories shared, counterparts ranked, a contact request through
/// its lifecycle with a counter-proposal, refusals that change nothing, repeated attempts, suspension — and after
/// every step both nodes show the same request.
/// </summary>
public sealed class HotlineLifecycleTests : FederationTest
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 120_000)]
    public async Task Request_CounteredAccepted_Completed_AgreesOnBothNodes()
    {
        var pair = await StartWithDirectoriesAsync();
        var a = pair.A.Api;
        var b = pair.B.Api;

        var ranked = await a.GetCounterpartsAsync(pair.LinkAtA, "secdef", Cancellation);
        Assert.Equal("cmc-vc", ranked[0].Position);
        Assert.Contains(ranked[0].Reasons, r => r.Contains("declared by our side", StringComparison.Ordinal));
        Assert.Contains(ranked, c => c.Position == "mnd" && c.Reasons.Any(r => r.Contains("declared by People's Republic of China", StringComparison.Ordinal)));

        a.Operator = "a.smith";
        var opened = await a.OpenRequestAsync(new OpenRequestDto(pair.LinkAtA, "secdef", "cmc-vc", "call", "Crisis communications", "IMMEDIATE"), Cancellation);
        Assert.Equal("sent", opened.State);
        Assert.Equal("requester", opened.Side);
        Assert.Equal(1, opened.Attempt);

        await WaitForStateAsync(b, opened.Id, "delivered");
        await WaitForStateAsync(a, opened.Id, "delivered");

        b.Operator = "王伟";
        Assert.Equal("acknowledged", (await b.ActAsync(opened.Id, new RequestActionDto("ack"), Cancellation)).State);
        var countered = await b.ActAsync(opened.Id, new RequestActionDto("counter", Reason: "The Minister is the appropriate counterpart", Counterpart: "mnd"), Cancellation);
        Assert.Equal("countered", countered.State);
        await WaitForStateAsync(a, opened.Id, "countered");

        var disagreement = Assert.Single(await a.GetDisagreementsAsync(null, Cancellation));
        Assert.Equal(("cmc-vc", "mnd", "王伟"), (disagreement.AskedFor, disagreement.Proposed, disagreement.ProposedBy));

        var accepted = await a.ActAsync(opened.Id[..8], new RequestActionDto("accept", Channel: "DTL voice"), Cancellation);
        Assert.Equal(("accepted", "mnd"), (accepted.State, accepted.AgreedCounterpart));
        await WaitForStateAsync(b, opened.Id, "accepted");
        var completed = await b.ActAsync(opened.Id, new RequestActionDto("complete", Reason: "Forty-minute call; both sides agreed to keep the line open."), Cancellation);
        Assert.Equal("completed", completed.State);
        var atA = await WaitForStateAsync(a, opened.Id, "completed");

        var atB = await b.GetRequestAsync(opened.Id, Cancellation);
        AssertSameRequest(atA, atB);
        Assert.Equal(
            ["sent→delivered deliver responder system", "delivered→acknowledged ack responder 王伟", "acknowledged→countered counter responder 王伟",
             "countered→accepted accept requester a.smith", "accepted→completed complete responder 王伟"],
            atA.History.Select(h => $"{h.From}→{h.To} {h.Action} {h.Side} {h.Who}"));

        var report = (await a.GetReportAsync(null, Cancellation)).Links.Single().Figures;
        Assert.Equal((1, 1, 1, 1, 1), (report.Requests, report.Acknowledged, report.Countered, report.Accepted, report.Completed));
        Assert.Equal(1, Assert.Single(report.LastCompletedByLevel).Level);
    }

    [Fact(Timeout = 120_000)]
    public async Task IllegalActions_AreRefused_AndChangeNothing_OnEitherNode()
    {
        var pair = await StartWithDirectoriesAsync();
        var a = pair.A.Api;
        var b = pair.B.Api;
        var request = await a.OpenRequestAsync(new OpenRequestDto(pair.LinkAtA, "secdef", "cmc-vc", "video", "Maritime incident follow-up"), Cancellation);
        await WaitForStateAsync(b, request.Id, "delivered");

        // Answering before acknowledging is illegal, and so is answering through the wrong link.
        await AssertRefusedAsync(HttpStatusCode.Conflict, "IllegalInState", () => b.ActAsync(request.Id, new RequestActionDto("accept", Channel: "video"), Cancellation));
        await AssertRefusedAsync(HttpStatusCode.Conflict, "WrongLink", () => b.ActAsync(request.Id, new RequestActionDto("ack", Link: "some-other-peer"), Cancellation));
        Assert.Equal("acknowledged", (await b.ActAsync(request.Id, new RequestActionDto("ack"), Cancellation)).State);
        await WaitForStateAsync(a, request.Id, "acknowledged");
        // The requester cannot counter its own request; the responder cannot withdraw it.
        await AssertRefusedAsync(HttpStatusCode.Conflict, "WrongSide", () => a.ActAsync(request.Id, new RequestActionDto("counter", Counterpart: "mnd"), Cancellation));
        await AssertRefusedAsync(HttpStatusCode.Conflict, "WrongSide", () => b.ActAsync(request.Id, new RequestActionDto("withdraw"), Cancellation));
        // Nor may a responder propose a position its party does not have, or a requester name an unknown one.
        await AssertRefusedAsync(HttpStatusCode.UnprocessableEntity, "UnknownPosition", () => b.ActAsync(request.Id, new RequestActionDto("counter", Counterpart: "secdef"), Cancellation));
        await AssertRefusedAsync(HttpStatusCode.UnprocessableEntity, "UnknownPosition",
            () => a.OpenRequestAsync(new OpenRequestDto(pair.LinkAtA, "secdef", "nobody", "call", "x"), Cancellation));
        await AssertRefusedAsync(HttpStatusCode.BadRequest, "NoOperator", async () =>
        {
            a.Operator = "";
            try
            {
                return await a.ActAsync(request.Id, new RequestActionDto("withdraw"), Cancellation);
            }
            finally
            {
                a.Operator = "duty-officer";
            }
        });

        Assert.Equal("withdrawn", (await a.ActAsync(request.Id, new RequestActionDto("withdraw", Reason: "overtaken by events"), Cancellation)).State);
        await WaitForStateAsync(b, request.Id, "withdrawn");
        // Accepting a withdrawn request is refused on the responder's node, and nothing travels.
        await AssertRefusedAsync(HttpStatusCode.Conflict, "IllegalInState", () => b.ActAsync(request.Id, new RequestActionDto("ack"), Cancellation));
        var outboxBefore = (await b.GetOutboxAsync(null, Cancellation)).Count;
        await AssertRefusedAsync(HttpStatusCode.Conflict, "IllegalInState", () => b.ActAsync(request.Id, new RequestActionDto("accept", Channel: "video"), Cancellation));
        Assert.Equal(outboxBefore, (await b.GetOutboxAsync(null, Cancellation)).Count);

        var atA = await a.GetRequestAsync(request.Id, Cancellation);
        AssertSameRequest(atA, await b.GetRequestAsync(request.Id, Cancellation));
        Assert.Equal(["deliver", "ack", "withdraw"], atA.History.Select(h => h.Action));
    }

    [Fact(Timeout = 120_000)]
    public async Task RepeatedAttempts_AreOneEngagement_AndSuspensionRefusesNewRequests()
    {
        var pair = await StartWithDirectoriesAsync();
        var a = pair.A.Api;
        var b = pair.B.Api;
        var first = await a.OpenRequestAsync(new OpenRequestDto(pair.LinkAtA, "secdef", "cmc-vc", "call", "Crisis communications"), Cancellation);
        var second = await a.OpenRequestAsync(new OpenRequestDto(pair.LinkAtA, "secdef", "cmc-vc", "call", "crisis  communications", "PRIORITY"), Cancellation);
        var other = await a.OpenRequestAsync(new OpenRequestDto(pair.LinkAtA, "secdef", "cmc-vc", "call", "Space debris"), Cancellation);
        Assert.Equal((first.Engagement, 2), (second.Engagement, second.Attempt));
        Assert.Equal(1, other.Attempt);
        Assert.NotEqual(first.Engagement, other.Engagement);
        var atB = await WaitForStateAsync(b, second.Id, "delivered");
        Assert.Equal((first.Engagement, 2), (atB.Engagement, atB.Attempt));

        var suspended = await b.SetSuspensionAsync(pair.LinkAtB, true, "Suspension of military talks following the visit", Cancellation);
        Assert.True(suspended.Suspended);
        var deadline = DateTimeOffset.UtcNow + s_wait;
        while (!(await a.GetSuspensionAsync(pair.LinkAtA, Cancellation)).Suspended)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "A never saw B's suspension.");
            await Task.Delay(100, Cancellation);
        }

        Assert.StartsWith("suspended by bravo since ", (await a.GetLinksAsync(Cancellation)).Single().Suspension, StringComparison.Ordinal);
        var requestsBefore = (await a.GetRequestsAsync(null, null, Cancellation)).Count;
        var refused = await AssertRefusedAsync(HttpStatusCode.Conflict, "Suspended",
            () => a.OpenRequestAsync(new OpenRequestDto(pair.LinkAtA, "secdef", "cmc-vc", "call", "Crisis communications"), Cancellation));
        Assert.Contains("Suspension of military talks", refused, StringComparison.Ordinal);
        Assert.Equal(requestsBefore, (await a.GetRequestsAsync(null, null, Cancellation)).Count);
        // Existing requests can still be answered while suspended, and messages still flow.
        Assert.Equal("acknowledged", (await b.ActAsync(first.Id, new RequestActionDto("ack"), Cancellation)).State);
        await WaitForStateAsync(a, first.Id, "acknowledged");

        await AssertRefusedAsync(HttpStatusCode.Conflict, "IllegalInState", () => a.SetSuspensionAsync(pair.LinkAtA, false, "we never suspended", Cancellation));
        Assert.False((await b.SetSuspensionAsync(pair.LinkAtB, false, "Talks resumed", Cancellation)).Suspended);
        deadline = DateTimeOffset.UtcNow + s_wait;
        while ((await a.GetSuspensionAsync(pair.LinkAtA, Cancellation)).Suspended)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "A never saw B's resumption.");
            await Task.Delay(100, Cancellation);
        }

        Assert.Null((await a.GetLinksAsync(Cancellation)).Single().Suspension);
        var third = await a.OpenRequestAsync(new OpenRequestDto(pair.LinkAtA, "secdef", "cmc-vc", "call", "Crisis communications"), Cancellation);
        Assert.Equal(3, third.Attempt);
        var report = (await a.GetReportAsync(pair.LinkAtA, Cancellation)).Links.Single();
        Assert.Equal((4, 2, 2), (report.Figures.Requests, report.Figures.Engagements, report.Figures.RepeatedAttempts));
        Assert.True(report.SuspendedDays > 0);
    }

    [Fact(Timeout = 120_000)]
    public async Task DirectoryChange_IsReshared_AsANewVersion()
    {
        var pair = await StartWithDirectoriesAsync();
        var before = await pair.B.Api.GetPeerDirectoryAsync(pair.LinkAtB, Cancellation);
        Assert.Equal(("U.S. Department of Defense", 1L), (before.Party, before.Version));
        Assert.Equal("cmc-vc", Assert.Single(before.Counterparts).Counterpart);

        var unchanged = await pair.A.Api.ImportDirectoryAsync(SeedDirectories.Dod(), Cancellation);
        Assert.Equal((1L, false, 0), (unchanged.Version, unchanged.Changed, unchanged.SharedWith));
        var changed = await pair.A.Api.ImportDirectoryAsync(SeedDirectories.Dod("Pete Hegseth"), Cancellation);
        Assert.Equal((2L, true, 1), (changed.Version, changed.Changed, changed.SharedWith));

        var deadline = DateTimeOffset.UtcNow + s_wait;
        PeerDirectoryDto after;
        while ((after = await pair.B.Api.GetPeerDirectoryAsync(pair.LinkAtB, Cancellation)).Version < 2)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "B never received version 2.");
            await Task.Delay(100, Cancellation);
        }

        Assert.Equal("Pete Hegseth", after.Positions.Single(p => p.Id == "secdef").Principal);
        await AssertRefusedAsync(HttpStatusCode.UnprocessableEntity, "InvalidDirectory",
            () => pair.A.Api.ImportDirectoryAsync(SeedDirectories.Dod() with { Positions = [new("Bad Id!", "x", 0, "royal")] }, Cancellation));
        Assert.Equal(2L, (await pair.B.Api.GetPeerDirectoryAsync(pair.LinkAtB, Cancellation)).Version);
    }

    /// <summary>A paired with B, both directories imported and received by the other side.</summary>
    private async Task<NodePair> StartWithDirectoriesAsync()
    {
        var pair = await StartPairedAsync();
        await pair.A.Api.ImportDirectoryAsync(SeedDirectories.Dod(), Cancellation);
        await pair.B.Api.ImportDirectoryAsync(SeedDirectories.Prc(), Cancellation);
        var deadline = DateTimeOffset.UtcNow + s_wait;
        while (true)
        {
            try
            {
                await pair.A.Api.GetPeerDirectoryAsync(pair.LinkAtA, Cancellation);
                await pair.B.Api.GetPeerDirectoryAsync(pair.LinkAtB, Cancellation);
                return pair;
            }
            catch (OperatorApiException ex) when (ex.Status == HttpStatusCode.NotFound && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100, Cancellation);
            }
        }
    }

    internal static async Task<ContactRequestDto> WaitForStateAsync(OperatorClient node, string id, string state)
    {
        var deadline = DateTimeOffset.UtcNow + s_wait;
        while (true)
        {
            try
            {
                var request = await node.GetRequestAsync(id, Cancellation);
                if (request.State == state)
                {
                    return request;
                }

                Assert.True(DateTimeOffset.UtcNow < deadline, $"Request {id} is {request.State} at {node.BaseUrl}, not {state}.");
            }
            catch (OperatorApiException ex) when (ex.Status == HttpStatusCode.NotFound && DateTimeOffset.UtcNow < deadline)
            {
            }

            await Task.Delay(100, Cancellation);
        }
    }

    internal static void AssertSameRequest(ContactRequestDto atA, ContactRequestDto atB)
    {
        // Everything but the point of view (side, peer, link id as each node names it, allowed actions) is identical.
        Assert.Equal(atA with { Side = "", Peer = "", Link = "", Allowed = [], History = [], Superseded = [] },
            atB with { Side = "", Peer = "", Link = "", Allowed = [], History = [], Superseded = [] });
        Assert.Equal(atA.History, atB.History);
        Assert.Equal(atA.Superseded, atB.Superseded);
    }

    private static async Task<string> AssertRefusedAsync<T>(HttpStatusCode status, string reason, Func<Task<T>> call)
    {
        var error = await Assert.ThrowsAsync<OperatorApiException>(call);
        Assert.Equal(status, error.Status);
        Assert.Contains($"\"reason\":\"{reason}\"", error.Body, StringComparison.Ordinal);
        return error.Body;
    }
}
