using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hotline.Node.Api;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;

namespace Hotline.Node.Tests;

/// <summary>The operator API (/api/v1) of a real node: bearer-token access, message submission limits, the outbox view.</summary>
public sealed class OperatorApiTests(NodeUnderTest node) : IClassFixture<NodeUnderTest>
{
    /// <summary>Body bytes that fit an envelope with empty from/to: 60 KiB minus header, length fields and sealing.</summary>
    private const int LargestBody = Envelope.MaxSize - Envelope.FixedHeaderSize - 2 - 2 - 4 - BodySeal.Overhead;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/api/v1/status" },
        { "POST", "/api/v1/invitations" },
        { "POST", "/api/v1/links/accept" },
        { "GET", "/api/v1/links" },
        { "POST", "/api/v1/messages" },
        { "GET", "/api/v1/inbox" },
        { "GET", "/api/v1/outbox" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithoutAToken_IsUnauthorized(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = ValidBody(path) };

        using var response = await node.Http.SendAsync(request, Ct);

        AssertUnauthorized(response);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithAWrongToken_IsUnauthorized(string method, string path)
    {
        using var request = node.OperatorRequest(new HttpMethod(method), path, ValidBody(path), token: node.OperatorToken + "x");

        using var response = await node.Http.SendAsync(request, Ct);

        AssertUnauthorized(response);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithTheTokenUnderAnotherScheme_IsUnauthorized(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = ValidBody(path) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", node.OperatorToken);

        using var response = await node.Http.SendAsync(request, Ct);

        AssertUnauthorized(response);
    }

    [Theory]
    [InlineData("/api/v1/messages")]
    [InlineData("/api/v1/links/accept")]
    [InlineData("/api/v1/invitations")]
    public async Task Route_WithoutAToken_AndAMalformedBody_IsUnauthorized(string path)
    {
        // Authentication comes before anything else: a caller without the token learns nothing about the body's shape.
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };

        using var response = await node.Http.SendAsync(request, Ct);

        AssertUnauthorized(response);
    }

    [Fact]
    public async Task UnauthorizedInvitationRequest_IssuesNoInvitation()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/invitations") { Content = ValidBody("/api/v1/invitations") };
        using var response = await node.Http.SendAsync(request, Ct);
        AssertUnauthorized(response);

        Assert.DoesNotContain("hotline-invite-v1.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NamesTheNode_AndItsLinks()
    {
        using var peer = await node.PairedPeerAsync();

        var status = await node.OperatorGetAsync("/api/v1/status", OperatorJsonContext.Default.NodeStatusDto);

        Assert.Equal(NodeUnderTest.Name, status.Name);
        Assert.Contains(status.Links, l => l.Id == peer.LinkId.ToString("D") && l.Peer == peer.Name);
    }

    [Fact]
    public async Task Send_ToAnUnknownLink_IsNotFound()
    {
        using var response = await SendAsync(new SendMessagesRequest(Guid.NewGuid().ToString("D"), null, null, null, ["hello"]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await node.AssertHealthyAsync();
    }

    [Fact]
    public async Task Send_WithAnUnknownPrecedence_IsABadRequest_AndQueuesNothing()
    {
        using var peer = await node.PairedPeerAsync();

        using var response = await SendAsync(new SendMessagesRequest(peer.LinkId.ToString("D"), "URGENT", null, null, ["hello"]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("FLASH", (await ProblemAsync(response)).Detail, StringComparison.Ordinal);
        Assert.Empty(await node.OutboxAsync(peer.LinkId));
    }

    [Fact]
    public async Task Send_OfABodyTooLargeForAnEnvelope_IsABadRequest_NamingTheLimit_AndQueuesNothing()
    {
        using var peer = await node.PairedPeerAsync();

        using var response = await SendAsync(new SendMessagesRequest(peer.LinkId.ToString("D"), null, null, null, ["fits", new string('x', LargestBody + 1)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await ProblemAsync(response)).Detail ?? "";
        Assert.Contains(LargestBody.ToString(System.Globalization.CultureInfo.InvariantCulture), detail, StringComparison.Ordinal);
        Assert.Contains(Envelope.MaxSize.ToString(System.Globalization.CultureInfo.InvariantCulture), detail, StringComparison.Ordinal);
        Assert.Empty(await node.OutboxAsync(peer.LinkId));
        await node.AssertHealthyAsync();
    }

    [Fact]
    public async Task Send_OfTheLargestBodyThatFits_IsQueued()
    {
        using var peer = await node.PairedPeerAsync();

        using var response = await SendAsync(new SendMessagesRequest(peer.LinkId.ToString("D"), "FLASH", null, null, [new string('x', LargestBody)]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = Assert.Single(await node.OutboxAsync(peer.LinkId));
        Assert.Equal("FLASH", item.Precedence);
    }

    [Fact]
    public async Task Send_OfNoMessages_IsABadRequest()
    {
        using var peer = await node.PairedPeerAsync();

        using var response = await SendAsync(new SendMessagesRequest(peer.LinkId.ToString("D"), null, null, null, []));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await node.OutboxAsync(peer.LinkId));
    }

    [Theory]
    [InlineData("/api/v1/inbox")]
    [InlineData("/api/v1/outbox")]
    public async Task Listing_OfAnUnknownLink_IsNotFound(string path)
    {
        using var response = await node.OperatorSendAsync(HttpMethod.Get, $"{path}?link={Guid.NewGuid():D}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Message_ForAPeerThatCannotBeReached_StaysQueued_AndIsReportedUndelivered()
    {
        using var peer = await node.PairedPeerAsync();

        using var response = await SendAsync(new SendMessagesRequest(peer.LinkId.ToString("D"), "IMMEDIATE", "ops", "field", ["are you there?"]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = Assert.Single((await response.Content.ReadFromJsonAsync(OperatorJsonContext.Default.IReadOnlyListMessageIdDto, Ct))!).Id;

        // The relay tries the peer's endpoint, fails, and backs off: the link turns "down".
        var link = await PollAsync(async () => (await node.LinksAsync()).Single(l => l.Id == peer.LinkId.ToString("D")), l => l.State == "down");
        Assert.Equal(1, link.Backlog);
        Assert.NotNull(link.OldestUndeliveredAt);

        var first = Assert.Single(await node.OutboxAsync(peer.LinkId));
        Assert.Equal(id, first.Id);
        Assert.Equal("queued", first.State);
        Assert.Equal("IMMEDIATE", first.Precedence);
        Assert.Null(first.Sequence);
        Assert.Null(first.SentAt);
        Assert.Null(first.DeliveredAt);
        Assert.NotNull(first.WaitingSeconds);
        Assert.True(first.WaitingSeconds >= 0);

        // Still queued, and waiting longer, after the relay's next attempts.
        var later = await PollAsync(async () => Assert.Single(await node.OutboxAsync(peer.LinkId)), o => o.WaitingSeconds > first.WaitingSeconds + 0.5);
        Assert.Equal("queued", later.State);
        Assert.Null(later.Sequence);
        Assert.Equal(0, (await node.StateAsync(peer.LinkId)).OutboundSize);
        await node.AssertHealthyAsync();
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheOperatorAndFederationRoutes()
    {
        using var response = await node.Http.GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/messages", paths);
        Assert.Contains("/api/v1/inbox", paths);
        Assert.Contains("/federation/v1/links/{linkId}/batches", paths);
    }

    private async Task<HttpResponseMessage> SendAsync(SendMessagesRequest request)
        => await node.OperatorSendAsync(HttpMethod.Post, "/api/v1/messages", JsonContent.Create(request, OperatorJsonContext.Default.SendMessagesRequest));

    private static async Task<Microsoft.AspNetCore.Mvc.ProblemDetails> ProblemAsync(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync(OperatorJsonContext.Default.ProblemDetails, Ct))!;

    private static JsonContent? ValidBody(string path) => path switch
    {
        "/api/v1/invitations" => JsonContent.Create(new CreateInvitationRequest(60), OperatorJsonContext.Default.CreateInvitationRequest),
        "/api/v1/links/accept" => JsonContent.Create(new AcceptInvitationRequest("hotline-invite-v1.AAAA"), OperatorJsonContext.Default.AcceptInvitationRequest),
        "/api/v1/messages" => JsonContent.Create(new SendMessagesRequest("anyone", null, null, null, ["hello"]), OperatorJsonContext.Default.SendMessagesRequest),
        _ => null,
    };

    private static void AssertUnauthorized(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    /// <summary>Reads until <paramref name="done"/> holds, for at most 30 seconds (the relay works on its own clock).</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                Assert.True(done(value), $"still {value} after 30 seconds");
                return value;
            }

            await Task.Delay(100, Ct);
        }
    }
}
