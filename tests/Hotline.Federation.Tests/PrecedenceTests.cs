using Hotline.Federation.Tests.Harness;

namespace Hotline.Federation.Tests;

public sealed class PrecedenceTests : FederationTest
{
    private const int RoutineCount = 5_000;

    [Fact(Timeout = 240_000)]
    public async Task FlashMessage_OvertakesRoutineBacklog_WhenThePeerComesBack()
    {
        var pair = await StartPairedAsync();
        await pair.B.StopAsync(Cancellation);
        // A sender cannot know a peer is down until it tries. The relay probes before sequencing when the peer's last
        // answer is older than OutboxRelay.FreshExchange (100 ms); let that pass, as it would in any real outage.
        await Task.Delay(TimeSpan.FromMilliseconds(500), Cancellation);
        var routine = MessageBodies.Range(0, RoutineCount, prefix: "routine");
        await pair.SendAsync(routine, "ROUTINE", Cancellation);
        var flashBody = MessageBodies.Create(0, prefix: "flash");
        await pair.SendAsync([flashBody], "FLASH", Cancellation);

        await pair.B.StartAsync(Cancellation);
        await pair.WaitUntilDeliveredAsync(RoutineCount + 1, TimeSpan.FromMinutes(3), Cancellation);
        var inbox = await pair.InboxAsync(Cancellation);

        var flash = Assert.Single(inbox, i => i.Body == flashBody);
        var routineReceived = inbox.Where(i => i.Body.StartsWith("routine ", StringComparison.Ordinal)).ToList();
        Assert.Equal(RoutineCount, routineReceived.Count);
        Assert.Equal("FLASH", flash.Precedence, ignoreCase: true);
        var sequencedBefore = routineReceived.Count(r => r.Sequence < flash.Sequence);
        Assert.True(
            sequencedBefore == 0,
            $"The FLASH message got sequence {flash.Sequence}, behind {sequencedBefore} ROUTINE messages queued before it.{Environment.NewLine}{pair.Logs(80)}");
        var storedBefore = routineReceived.Count(r => r.ReceivedAt < flash.ReceivedAt);
        Assert.True(
            storedBefore == 0,
            $"B stored {storedBefore} ROUTINE messages before the FLASH message (stored at {flash.ReceivedAt:O}).");
        Assert.Equal(routine, routineReceived.Select(r => r.Body));
    }
}
