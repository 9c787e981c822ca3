using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Hotline.Node.Api;
using Hotline.Node.Federation;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Pairing;
using Hotline.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Node.Tests;

/// <summary>
/// Pairing against a real node: the fake peer asks the node for an invitation through the operator API and completes
/// it at POST /federation/v1/pair. Refused requests create no link and leave the invitation as it was.
/// </summary>
public sealed class PairingTests(NodeUnderTest node) : IClassFixture<NodeUnderTest>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Invitation_CompletedByAPeer_LinksItWithKeysAndSafetyNumberBothSidesAgreeOn()
    {
        using var peer = new FakePeer(node.Http);
        var token = await node.InviteAsync();
        var invitation = FakePeer.ParseInvitation(token);

        var answer = await peer.PairAsync(token, Ct);

        Assert.Equal(NodeUnderTest.Name, invitation.Name);
        Assert.Equal([node.Http.BaseAddress!.ToString().TrimEnd('/')], invitation.Endpoints.Select(e => e.TrimEnd('/')));
        Assert.True(invitation.ExpiresAt > DateTimeOffset.UtcNow.AddHours(23));
        var link = Assert.Single(await node.LinksAsync(), l => l.Id == answer.LinkId.ToString("D"));
        Assert.Equal(peer.Name, link.Peer);
        Assert.Equal(answer.SafetyNumber, link.SafetyNumber);
        Assert.Equal([FakePeer.UnreachableEndpoint], link.Endpoints);
        Assert.Equal(0, (await node.StateAsync(answer.LinkId)).InboundSize);
    }

    [Fact]
    public async Task Invitation_WithTheRequestedLifetime_ExpiresThen()
    {
        var invitation = FakePeer.ParseInvitation(await node.InviteAsync(expiresInMinutes: 30));

        Assert.InRange(invitation.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(28), TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task Invitation_UsedASecondTime_IsRefused_AlreadyUsed()
    {
        var token = await node.InviteAsync();
        using var first = new FakePeer(node.Http);
        await first.PairAsync(token, Ct);
        using var second = new FakePeer(node.Http);
        var before = await LinksAsync();

        using var response = await second.PostPairAsync(second.PairRequest(FakePeer.ParseInvitation(token)), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "already-used", before);
    }

    [Fact]
    public async Task InvitationTheNodeNeverIssued_IsRefused_UnknownInvitation()
    {
        var genuine = FakePeer.ParseInvitation(await node.InviteAsync());
        using var peer = new FakePeer(node.Http);
        var before = await LinksAsync();

        using var response = await peer.PostPairAsync(peer.PairRequest(genuine, invitationId: Guid.NewGuid()), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "unknown-invitation", before);
    }

    [Fact]
    public async Task Invitation_WithAGuessedSecret_IsRefused_UnknownInvitation_AndStaysUsable()
    {
        var token = await node.InviteAsync();
        using var guesser = new FakePeer(node.Http);
        var before = await LinksAsync();

        using var response = await guesser.PostPairAsync(guesser.PairRequest(FakePeer.ParseInvitation(token), secret: RandomNumberGenerator.GetBytes(32)), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "unknown-invitation", before);
        using var rightful = new FakePeer(node.Http);
        await rightful.PairAsync(token, Ct);
    }

    [Fact]
    public async Task PairRequest_NamingAnotherNodeAsIssuer_IsRefused_WrongNode_AndTheInvitationStaysUsable()
    {
        var token = await node.InviteAsync();
        using var peer = new FakePeer(node.Http);
        using var otherNode = NodeSigningKey.FromSeed(RandomNumberGenerator.GetBytes(32));
        var before = await LinksAsync();

        using var response = await peer.PostPairAsync(peer.PairRequest(FakePeer.ParseInvitation(token), issuerKey: otherNode.PublicKey), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "wrong-node", before);
        await peer.PairAsync(token, Ct);
    }

    [Fact]
    public async Task PairRequest_SignedByAKeyOtherThanTheOneItAnnounces_IsRefused_BadSignature_AndTheInvitationStaysUsable()
    {
        var token = await node.InviteAsync();
        using var peer = new FakePeer(node.Http);
        using var stranger = NodeSigningKey.FromSeed(RandomNumberGenerator.GetBytes(32));
        var before = await LinksAsync();

        using var response = await peer.PostPairAsync(peer.PairRequest(FakePeer.ParseInvitation(token), signer: stranger), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "bad-signature", before);
        await peer.PairAsync(token, Ct);
    }

    [Fact]
    public async Task PairRequest_WhoseSignatureCoversAnotherName_IsRefused_BadSignature()
    {
        var token = await node.InviteAsync();
        using var peer = new FakePeer(node.Http);
        var invitation = FakePeer.ParseInvitation(token);
        var before = await LinksAsync();
        var honest = peer.PairRequest(invitation);

        using var response = await peer.PostPairAsync(honest with { Name = "renamed-in-transit" }, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "bad-signature", before);
    }

    [Fact]
    public async Task PairRequest_UnderTheNodesOwnName_IsRefused_SameName()
    {
        var token = await node.InviteAsync();
        using var twin = new FakePeer(node.Http, NodeUnderTest.Name);
        var before = await LinksAsync();

        using var response = await twin.PostPairAsync(twin.PairRequest(FakePeer.ParseInvitation(token)), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "same-name", before);
    }

    [Fact]
    public async Task PairRequest_UnderTheNameOfAPeerAlreadyLinked_IsAConflict_AndTheInvitationStaysUsable()
    {
        using var linked = await node.PairedPeerAsync();
        var token = await node.InviteAsync();
        using var namesake = new FakePeer(node.Http, linked.Name);
        var before = await LinksAsync();

        using var response = await namesake.PostPairAsync(namesake.PairRequest(FakePeer.ParseInvitation(token)), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.Conflict, "conflict", before);
        using var other = new FakePeer(node.Http);
        await other.PairAsync(token, Ct);
    }

    [Theory]
    [InlineData("secret")]
    [InlineData("signingKey")]
    [InlineData("agreementKey")]
    [InlineData("endpoints")]
    [InlineData("name")]
    public async Task PairRequest_WithAMalformedField_IsRefused_Malformed(string field)
    {
        var token = await node.InviteAsync();
        using var peer = new FakePeer(node.Http);
        var honest = peer.PairRequest(FakePeer.ParseInvitation(token));
        var request = field switch
        {
            "secret" => honest with { Secret = "%%%" },
            "signingKey" => honest with { SigningKey = Convert.ToBase64String(new byte[31]) },
            "agreementKey" => honest with { AgreementKey = "not base64" },
            "endpoints" => honest with { Endpoints = ["file:///etc/passwd"] },
            _ => honest with { Name = "has spaces in it" },
        };
        var before = await LinksAsync();

        using var response = await peer.PostPairAsync(request, Ct);

        await AssertRefusedAsync(response, HttpStatusCode.UnprocessableEntity, "malformed", before);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    public async Task PairBodyThatIsNotJson_IsABadRequest(string json)
    {
        var before = await LinksAsync();

        using var response = await node.Http.PostAsync("/federation/v1/pair", new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, reason: null, before);
    }

    // ---- the accepting side -----------------------------------------------------------------------------------------

    [Fact]
    public async Task AcceptingAnExpiredInvitation_ThroughTheOperatorApi_IsRefused_WithoutCallingTheIssuer()
    {
        using var issuer = new FakePeer(node.Http);
        var expired = issuer.IssueInvitation(DateTimeOffset.UtcNow.AddMinutes(-1));
        var before = await LinksAsync();

        using var response = await node.OperatorSendAsync(HttpMethod.Post, "/api/v1/links/accept",
            JsonContent.Create(new AcceptInvitationRequest(expired), OperatorJsonContext.Default.AcceptInvitationRequest));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync(OperatorJsonContext.Default.ProblemDetails, Ct);
        Assert.Contains("expired", problem!.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await LinksAsync());
        await node.AssertHealthyAsync();
    }

    [Fact]
    public async Task AcceptingAnInvitationTheNodeIssuedItself_IsRefused()
    {
        var own = await node.InviteAsync();
        var before = await LinksAsync();

        using var response = await node.OperatorSendAsync(HttpMethod.Post, "/api/v1/links/accept",
            JsonContent.Create(new AcceptInvitationRequest(own), OperatorJsonContext.Default.AcceptInvitationRequest));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(before, await LinksAsync());
    }

    [Fact]
    public async Task AcceptAsync_RefusesATokenPastItsExpiry_ByTheInjectedClock()
    {
        using var issuer = new FakePeer(node.Http);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.Parse("2026-06-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        var token = issuer.IssueInvitation(expiresAt);
        var clock = new FakeTimeProvider(expiresAt);
        await using var acceptor = await AcceptorAsync(clock);

        var atExpiry = await Assert.ThrowsAsync<PairingException>(() => acceptor.Pairing.AcceptAsync(token, Ct));
        clock.Advance(TimeSpan.FromDays(2));
        var later = await Assert.ThrowsAsync<PairingException>(() => acceptor.Pairing.AcceptAsync(token, Ct));

        Assert.Contains("expired", atExpiry.Message, StringComparison.Ordinal);
        Assert.Contains("expired", later.Message, StringComparison.Ordinal);
        Assert.Empty(await acceptor.Runtime.Store.GetLinksAsync(Ct));
    }

    [Fact]
    public async Task AcceptAsync_BeforeExpiry_GoesOnToCallTheIssuer()
    {
        using var issuer = new FakePeer(node.Http);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.Parse("2026-06-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        var token = issuer.IssueInvitation(expiresAt);
        await using var acceptor = await AcceptorAsync(new FakeTimeProvider(expiresAt.AddSeconds(-1)));

        var ex = await Assert.ThrowsAsync<PairingException>(() => acceptor.Pairing.AcceptAsync(token, Ct));

        // The token was good; the issuer (the fake peer) is simply not a server.
        Assert.Contains("Cannot reach", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await acceptor.Runtime.Store.GetLinksAsync(Ct));
    }

    [Fact]
    public async Task AcceptAsync_RefusesATamperedToken()
    {
        using var issuer = new FakePeer(node.Http);
        var token = issuer.IssueInvitation(DateTimeOffset.UtcNow.AddHours(1));
        var tampered = token[..^4] + (token[^4] == 'A' ? "B" : "A") + token[^3..];
        await using var acceptor = await AcceptorAsync(TimeProvider.System);

        var ex = await Assert.ThrowsAsync<PairingException>(() => acceptor.Pairing.AcceptAsync(tampered, Ct));

        Assert.Contains("invalid", ex.Message, StringComparison.Ordinal);
    }

    private async Task<string> LinksAsync()
        => string.Join(',', (await node.LinksAsync()).Select(l => $"{l.Id}/{l.Peer}").Order(StringComparer.Ordinal));

    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string? reason, string linksBefore)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status} {reason}, got {(int)response.StatusCode}: {body}");
        if (reason is not null)
        {
            var problem = System.Text.Json.JsonSerializer.Deserialize(body, FederationJsonContext.Default.FederationProblem);
            Assert.Equal(reason, problem?.Reason);
        }

        Assert.Equal(linksBefore, await LinksAsync());
        await node.AssertHealthyAsync();
    }

    /// <summary>A second node's PairingService (not running, own data directory) with the given clock.</summary>
    private static async Task<Acceptor> AcceptorAsync(TimeProvider clock)
    {
        var path = Path.Combine(Path.GetTempPath(), "hotline-acceptor-" + Guid.NewGuid().ToString("N"));
        await NodeHost.InitAsync(new InitRequest(path, "acceptor", "http://127.0.0.1:1"), Ct);
        var data = new DataDirectory(path);
        var (signing, agreement) = data.ReadKeys();
        var store = await SqliteNodeStore.OpenAsync(data.DatabasePath, new SqliteStoreOptions(), Ct);
        var runtime = new NodeRuntime(data, await store.GetIdentityAsync(Ct), signing, agreement, store);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var client = new FederationClient(http);
        // A relay that is never started: Wake only records work, as before a node's host starts.
        var relay = new Hotline.Node.Relay.OutboxRelay(runtime, client, clock, NullLogger<Hotline.Node.Relay.OutboxRelay>.Instance);
        var directories = new Hotline.Node.Directories.DirectoryService(runtime,
            new Hotline.Node.Records.RecordSubmission(runtime, new Hotline.Node.Messaging.BodySealers(runtime, clock), relay), clock,
            NullLogger<Hotline.Node.Directories.DirectoryService>.Instance);
        return new Acceptor(runtime, new PairingService(runtime, client, relay, directories, clock, NullLogger<PairingService>.Instance), http, path);
    }

    private sealed record Acceptor(NodeRuntime Runtime, PairingService Pairing, HttpClient Http, string Path) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Runtime.DisposeAsync();
            Http.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path, recursive: true);
        }
    }
}
