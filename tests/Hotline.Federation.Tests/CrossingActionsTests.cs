using Hotline.Federation.Tests.Harness;
using Hotline.Node.Api;

namespace Hotline.Federation.Tests;

/// <summary>
/// Both nodes reach the same state after crashes and crossing actions: the responder accepts while the requester,
/// cut off from it, withdraws. Each node decided legally on what it knew; once both hold both envelopes, replay in
/// time order makes the earlier action win on both sides and keeps the other on record as superseded.
/// </summary>
public sealed class CrossingActionsTests : FederationTest
{
    [Fact(Timeout = 180_000)]
    public async Task AcceptAndWithdraw_CrossingDuringCrashes_ConvergeOnBothNodes()
    {
        var pair = await StartPairedAsync();
        await pair.A.Api.ImportDirectoryAsync(SeedDirectories.Dod(), Cancellation);
        await pair.B.Api.ImportDirectoryAsync(SeedDirectories.Prc(), Cancellation);
        var crossing = await pair.A.Api.OpenRequestAsync(new OpenRequestDto(pair.LinkAtA, "secdef", "mnd", "meeting", "Defense ministers' meeting in Singapore"), Cancellation);
        var quiet = await pair.A.Api.OpenRequestAsync(new OpenRequestDto(pair.LinkAtA, "cjcs", "mnd", "video", "Military maritime consultative talks"), Cancellation);
        await HotlineLifecycleTests.WaitForStateAsync(pair.B.Api, quiet.Id, "delivered");
        await pair.B.Api.ActAsync(crossing.Id, new RequestActionDto("ack"), Cancellation);
        await HotlineLifecycleTests.WaitForStateAsync(pair.A.Api, crossing.Id, "acknowledged");

        // A crashes; B accepts, and its acceptance waits in B's outbox. Then B crashes too.
        await pair.A.KillAsync();
        var accepted = await pair.B.Api.ActAsync(crossing.Id, new RequestActionDto("accept", Channel: "Shangri-La Hotel, Singapore"), Cancellation);
        Assert.Equal("accepted", accepted.State);
        await pair.B.Api.ActAsync(quiet.Id, new RequestActionDto("ack"), Cancellation);
        await pair.B.KillAsync();

        // A comes back alone: for A the meeting is still only acknowledged, and A withdraws it.
        await pair.A.StartAsync(Cancellation);
        Assert.Equal("acknowledged", (await pair.A.Api.GetRequestAsync(crossing.Id, Cancellation)).State);
        Assert.Equal("withdrawn", (await pair.A.Api.ActAsync(crossing.Id, new RequestActionDto("withdraw", Reason: "no answer"), Cancellation)).State);

        // B returns; both envelopes cross the line. The earlier acceptance wins everywhere.
        await pair.B.StartAsync(Cancellation);
        var atA = await HotlineLifecycleTests.WaitForStateAsync(pair.A.Api, crossing.Id, "accepted");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        ContactRequestDto atB;
        while ((atB = await pair.B.Api.GetRequestAsync(crossing.Id, Cancellation)).Superseded.Count == 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "B never received A's withdrawal.");
            await Task.Delay(100, Cancellation);
        }

        atA = await pair.A.Api.GetRequestAsync(crossing.Id, Cancellation);
        HotlineLifecycleTests.AssertSameRequest(atA, atB);
        Assert.Equal("accepted", atB.State);
        var superseded = Assert.Single(atB.Superseded);
        Assert.Equal(("withdraw", "requester"), (superseded.Action, superseded.Side));

        await HotlineLifecycleTests.WaitForStateAsync(pair.A.Api, quiet.Id, "acknowledged");
        HotlineLifecycleTests.AssertSameRequest(await pair.A.Api.GetRequestAsync(quiet.Id, Cancellation), await pair.B.Api.GetRequestAsync(quiet.Id, Cancellation));
    }
}
