using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hotline.Domain;
using Hotline.Domain.ContactRequests;
using Hotline.Domain.Deadlines;
using Hotline.Domain.Directory;
using Hotline.Domain.Wire;
using Hotline.Node.Api;
using Hotline.Protocol;
using Hotline.Protocol.Envelopes;

namespace Hotline.Node.Tests;

/// <summary>
/// Hotline records from a peer: a readable one becomes a request or directory on the node; a malformed, mislabelled or
/// forged one stays in the transcript (the peer signed it, so it is evidence) but changes nothing, and the node serves on.
/// </summary>
public sealed class RecordTests(NodeUnderTest node) : IClassFixture<NodeUnderTest>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PeerRequest_IsListedAsReceived_Delivered_AndNotInTheInbox()
    {
        using var peer = await node.PairedPeerAsync();
        var id = Guid.CreateVersion7();
        peer.AppendRecord(EnvelopeType.ContactRequest, RequestBody(peer, id, Precedence.Priority), Precedence.Priority, id);
        await SendPendingAsync(peer);

        var request = await node.OperatorGetAsync($"/api/v1/requests/{id:D}", OperatorJsonContext.Default.ContactRequestDto);
        Assert.Equal(("responder", "delivered", "PRIORITY", peer.Name, "peer.officer"), (request.Side, request.State, request.Precedence, request.Peer, request.SentBy));
        Assert.Equal(["ack"], request.Allowed);
        Assert.Empty(await node.InboxAsync(peer.LinkId));
    }

    [Fact]
    public async Task AReusedEnvelopeId_IsReceipted_ButTheFirstRecordStands()
    {
        using var peer = await node.PairedPeerAsync();
        var id = Guid.CreateVersion7();
        peer.AppendRecord(EnvelopeType.ContactRequest, RequestBody(peer, id, Precedence.Priority), Precedence.Priority, id);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        peer.AppendRecord(EnvelopeType.ContactRequest, PeerRequests.Body(peer.LinkId, id, Precedence.Flash, now, "other", "desk", "Rewritten purpose"), Precedence.Flash, id);

        Assert.Equal(2, await SendPendingAsync(peer));

        var request = await node.OperatorGetAsync($"/api/v1/requests/{id:D}", OperatorJsonContext.Default.ContactRequestDto);
        Assert.Equal(("PRIORITY", "Hotline test"), (request.Precedence, request.Purpose));
        await node.AssertHealthyAsync();
    }

    [Fact]
    public async Task MalformedOrMislabelledRecords_AreReceipted_ButChangeNothing()
    {
        using var peer = await node.PairedPeerAsync();
        var mislabelled = Guid.CreateVersion7();
        peer.AppendRecord(EnvelopeType.ContactRequest, Encoding.UTF8.GetBytes("this is not JSON"));
        peer.AppendRecord(EnvelopeType.ContactRequest, Encoding.UTF8.GetBytes("null"));
        // The body says ROUTINE, the header FLASH: a record must not claim another precedence than its envelope.
        peer.AppendRecord(EnvelopeType.ContactRequest, RequestBody(peer, mislabelled, Precedence.Routine), Precedence.Flash, mislabelled);
        peer.AppendRecord(EnvelopeType.ContactAction, Encoding.UTF8.GetBytes("""{"request":"00000000-0000-0000-0000-000000000001","action":"ack","actor":"system"}"""));
        peer.AppendRecord(EnvelopeType.Directory, Encoding.UTF8.GetBytes("""{"party":"","version":0,"positions":[{"id":"BAD ID","title":"","level":0,"authority":"royal"}]}"""));
        peer.AppendRecord(EnvelopeType.Suspension, Encoding.UTF8.GetBytes("""{"action":"explode","reason":"x","actor":"y"}"""));
        var receipt = await SendPendingAsync(peer);

        Assert.Equal(6, receipt);
        Assert.Equal(6, (await node.StateAsync(peer.LinkId)).InboundSize);
        var link = peer.LinkId.ToString("D");
        Assert.Empty(await node.OperatorGetAsync($"/api/v1/requests?link={link}", OperatorJsonContext.Default.IReadOnlyListContactRequestDto));
        using (var directory = await node.OperatorSendAsync(HttpMethod.Get, $"/api/v1/links/{link}/directory"))
        {
            Assert.Equal(HttpStatusCode.NotFound, directory.StatusCode);
        }

        Assert.False((await node.OperatorGetAsync($"/api/v1/links/{link}/suspension", OperatorJsonContext.Default.SuspensionDto)).Suspended);
        await node.AssertHealthyAsync();
    }

    [Fact]
    public async Task ForgedAction_ByTheWrongSide_IsKeptAsSuperseded_AndChangesNoState()
    {
        using var peer = await node.PairedPeerAsync();
        await ImportDirectoryAsync();
        var opened = await OperatorPostAsync("/api/v1/requests",
            JsonContent.Create(new OpenRequestDto(peer.LinkId.ToString("D"), "desk", "their-desk", "call", "Test"), OperatorJsonContext.Default.OpenRequestDto),
            OperatorJsonContext.Default.ContactRequestDto);

        // Only the requester (this node) may withdraw; the peer tries anyway, and acknowledges twice.
        var requestId = new ContactRequestId(Guid.Parse(opened.Id));
        peer.AppendRecord(EnvelopeType.ContactAction, WireCodec.Encode(requestId, new ContactAction.Withdraw("peer.officer", "forged")));
        peer.AppendRecord(EnvelopeType.ContactAction, WireCodec.Encode(requestId, new ContactAction.Acknowledge("peer.officer")));
        peer.AppendRecord(EnvelopeType.ContactAction, WireCodec.Encode(requestId, new ContactAction.Acknowledge("peer.officer")));
        await SendPendingAsync(peer);

        var request = await node.OperatorGetAsync($"/api/v1/requests/{opened.Id}", OperatorJsonContext.Default.ContactRequestDto);
        Assert.Equal("acknowledged", request.State);
        Assert.Equal(["withdraw responder", "ack responder"], request.Superseded.Select(s => $"{s.Action} {s.Side}"));
        Assert.Equal(["ack"], request.History.Select(h => h.Action));
    }

    private async Task ImportDirectoryAsync()
    {
        var directory = new DirectoryDocumentDto("Test party", [new PositionDto("desk", "Desk", 3, "civilian")]);
        await OperatorPostAsync("/api/v1/directory", JsonContent.Create(directory, OperatorJsonContext.Default.DirectoryDocumentDto),
            OperatorJsonContext.Default.DirectoryImportDto, HttpMethod.Put);
    }

    private async Task<T> OperatorPostAsync<T>(string path, HttpContent content, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, HttpMethod? method = null)
    {
        using var request = node.OperatorRequest(method ?? HttpMethod.Post, path, content);
        request.Headers.Add(HotlineEndpoints.OperatorHeader, "node.tester");
        using var response = await node.Http.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize(body, type)!;
    }

    /// <summary>Sends everything the peer has not had receipted; returns the receipted size.</summary>
    private static async Task<long> SendPendingAsync(FakePeer peer)
    {
        using var response = await peer.SendBatchAsync(peer.Batch(peer.Receipted, peer.Transcript.Count), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"the batch was answered {(int)response.StatusCode}: {text}");
        return System.Text.Json.JsonSerializer.Deserialize(text, Hotline.Node.Federation.FederationJsonContext.Default.ReceiptResponse)!.Size;
    }

    private static byte[] RequestBody(FakePeer peer, Guid id, Precedence precedence)
        => PeerRequests.Body(peer.LinkId, id, precedence, DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            "their-desk", "desk", "Hotline test");
}
