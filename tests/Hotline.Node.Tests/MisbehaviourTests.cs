using System.Net;
using System.Security.Cryptography;
using Hotline.Node.Api;
using Hotline.Node.Federation;
using Hotline.Protocol.Notes;

namespace Hotline.Node.Tests;

/// <summary>
/// A peer that forks or rewrites its transcript is refused, and — only when its own signatures prove it — the node
/// keeps both signed checkpoints as a proof of misbehaviour and raises one alarm, however often the peer retries.
/// </summary>
public sealed class MisbehaviourTests(NodeUnderTest node) : IClassFixture<NodeUnderTest>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fork_OneSizeTwoSignedRoots_IsRefused_AndProvenOnce()
    {
        using var peer = await node.PairedPeerAsync();
        var (honest, _) = await peer.SendAsync(Ct, "first", "second");
        var forked = peer.BatchOf(1, peer.BuildEnvelope(1, "second, rewritten"));

        await AssertRefusedAsync(peer, forked, "conflicting-entry");
        await AssertRefusedAsync(peer, forked, "conflicting-entry");

        var proof = Assert.Single(await ProofsAsync(peer));
        Assert.Equal("fork", proof.Kind);
        Assert.Equal((honest.Checkpoint, forked.Checkpoint), (proof.FirstNote, proof.SecondNote));
        AssertSignedByPeer(peer, proof.FirstNote, 2);
        AssertSignedByPeer(peer, proof.SecondNote, 2);
        Assert.Single(await AlarmsAsync(peer));
        await node.AssertHealthyAsync();
    }

    [Fact]
    public async Task Rewrite_ALargerTreeOverOtherEntries_IsRefused_AndProven()
    {
        using var peer = await node.PairedPeerAsync();
        var (honest, _) = await peer.SendAsync(Ct, "the original first message");
        var rewritten = peer.BatchOf(0, peer.BuildEnvelope(0, "a different first message"), peer.BuildEnvelope(1, "and a second"));

        await AssertRefusedAsync(peer, rewritten, "conflicting-entry");

        var proof = Assert.Single(await ProofsAsync(peer));
        Assert.Equal(("rewrite", honest.Checkpoint, rewritten.Checkpoint), (proof.Kind, proof.FirstNote, proof.SecondNote));
        Assert.Contains("entry 0 differs", proof.Detail, StringComparison.Ordinal);
        Assert.Equal(1, (await node.StateAsync(peer.LinkId)).InboundSize);
    }

    [Fact]
    public async Task SignedGarbage_ThatNoRootCovers_IsRefused_ButProvesNothing()
    {
        using var peer = await node.PairedPeerAsync();
        await peer.SendAsync(Ct, "first");
        var entries = new[] { peer.BuildEnvelope(0, "other"), peer.BuildEnvelope(1, "entries") };
        var garbage = new BatchRequest(0, [.. entries.Select(Convert.ToBase64String)], peer.SignCheckpoint(2, RandomNumberGenerator.GetBytes(32)));

        await AssertRefusedAsync(peer, garbage, "conflicting-entry");

        Assert.Empty(await ProofsAsync(peer));
        Assert.Empty(await AlarmsAsync(peer));
    }

    private static async Task AssertRefusedAsync(FakePeer peer, BatchRequest batch, string reason)
    {
        using var response = await peer.SendBatchAsync(batch, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"expected 422 {reason}, got {(int)response.StatusCode}: {body}");
        Assert.Contains($"\"reason\":\"{reason}\"", body, StringComparison.Ordinal);
    }

    private static void AssertSignedByPeer(FakePeer peer, string note, long size)
    {
        Assert.True(SignedNote.TryParse(note, out var parsed, out _));
        Assert.True(parsed.IsSignedBy(new NoteKey(peer.Origin, NoteKey.Ed25519Type, peer.SigningKey.PublicKey)));
        Assert.True(Checkpoint.TryParse(parsed.Text, out var checkpoint, out _));
        Assert.Equal(size, checkpoint.Size);
    }

    private Task<IReadOnlyList<MisbehaviourDto>> ProofsAsync(FakePeer peer)
        => node.OperatorGetAsync($"/api/v1/misbehaviour?link={peer.LinkId:D}", OperatorJsonContext.Default.IReadOnlyListMisbehaviourDto);

    private async Task<List<NotificationDto>> AlarmsAsync(FakePeer peer)
        => [.. (await node.OperatorGetAsync("/api/v1/notifications", OperatorJsonContext.Default.IReadOnlyListNotificationDto))
            .Where(n => n.Kind == "misbehaviour" && n.Link == peer.LinkId.ToString("D"))];
}
