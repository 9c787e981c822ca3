using System.Net;
using System.Net.Http.Json;
using Hotline.Node.Federation;

namespace Hotline.Node.Tests;

/// <summary>What a node received and receipted survives a restart: the same batch gets the same receipt afterwards.</summary>
public sealed class NodeRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterARestart_TheTranscriptIsThere_AResendGetsTheSameReceipt_AndTheNextBatchContinues()
    {
        var node = new NodeUnderTest();
        await using (node)
        {
            await node.InitializeAsync();
            using var peer = await node.PairedPeerAsync();
            var (batch, receipt) = await peer.SendAsync(Ct, "before the restart", "also before");
            var before = await node.SnapshotAsync(peer.LinkId);

            await node.RestartAsync();

            Assert.Equal(before, await node.SnapshotAsync(peer.LinkId));
            using var resend = await peer.SendBatchAsync(batch, Ct);
            Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
            Assert.Equal(receipt, await resend.Content.ReadFromJsonAsync(FederationJsonContext.Default.ReceiptResponse, Ct));
            var (_, next) = await peer.SendAsync(Ct, "after the restart");
            Assert.Equal(3, next.Size);
            Assert.Equal(["before the restart", "also before", "after the restart"], (await node.InboxAsync(peer.LinkId)).Select(i => i.Body));
        }
    }
}
