using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Hotline.Node.Api;
using Hotline.Node.Federation;
using Microsoft.Data.Sqlite;

namespace Hotline.Node.Tests;

/// <summary>What the node shows of one link from outside: its copy of the peer's transcript and its whole inbox.</summary>
internal sealed record NodeSnapshot(long InboundSize, long OutboundSize, string Inbox, string Links);

/// <summary>
/// A real node, created by <see cref="NodeHost.InitAsync"/> in a temp data directory and run in-process by
/// <see cref="NodeHost.RunAsync"/> on a free loopback port, for one test class. Tests reach it only over HTTP.
/// </summary>
public sealed class NodeUnderTest : IAsyncLifetime
{
    public const string Name = "hq";

    private CancellationTokenSource _stop = new();
    private Task? _run;

    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "hotline-node-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Client with the node's base address and no credentials (a peer's view).</summary>
    public HttpClient Http { get; private set; } = null!;

    public string OperatorToken { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await NodeHost.InitAsync(new InitRequest(DataPath, Name, "http://127.0.0.1:0"), cancellationToken);
        var url = await StartAsync("http://127.0.0.1:0");
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        OperatorToken = (await File.ReadAllTextAsync(Path.Combine(DataPath, "operator.token"), cancellationToken)).Trim();
    }

    /// <summary>Stops the node gracefully and runs it again on the same data directory and URL.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _stop = new CancellationTokenSource();
        await StartAsync(Http.BaseAddress!.ToString().TrimEnd('/'));
    }

    private async Task<string> StartAsync(string listenUrl)
    {
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = _stop.Token;
        _run = Task.Run(() => NodeHost.RunAsync(DataPath, listenUrl, r => ready.TrySetResult(r.Url), stop), TestContext.Current.CancellationToken);
        var first = await Task.WhenAny(ready.Task, _run, Task.Delay(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken));
        if (first == _run)
        {
            await _run;
            throw new InvalidOperationException("The node stopped before it was ready.");
        }

        if (first != ready.Task)
        {
            throw new TimeoutException("The node was not ready within 90 seconds.");
        }

        return await ready.Task;
    }

    private async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
            {
                // The node is stopping anyway.
            }
        }

        _stop.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http?.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory is harmless.
        }
    }

    // ---- operator API ---------------------------------------------------------------------------------------------

    /// <summary>A request to the operator API carrying <paramref name="token"/> (the real operator token by default).</summary>
    public HttpRequestMessage OperatorRequest(HttpMethod method, string path, HttpContent? content = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? OperatorToken);
        return request;
    }

    public async Task<HttpResponseMessage> OperatorSendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = OperatorRequest(method, path, content);
        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<T> OperatorGetAsync<T>(string path, JsonTypeInfo<T> type)
    {
        using var response = await OperatorSendAsync(HttpMethod.Get, path);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize(body, type)!;
    }

    /// <summary>An invitation token from POST /api/v1/invitations.</summary>
    public async Task<string> InviteAsync(int? expiresInMinutes = null)
    {
        using var response = await OperatorSendAsync(HttpMethod.Post, "/api/v1/invitations",
            JsonContent.Create(new CreateInvitationRequest(expiresInMinutes), OperatorJsonContext.Default.CreateInvitationRequest));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST /api/v1/invitations answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize(body, OperatorJsonContext.Default.InvitationDto)!.Token;
    }

    /// <summary>A fake peer that paired with this node through a fresh invitation.</summary>
    internal async Task<FakePeer> PairedPeerAsync()
    {
        var peer = new FakePeer(Http);
        await peer.PairAsync(await InviteAsync(), TestContext.Current.CancellationToken);
        return peer;
    }

    public Task<IReadOnlyList<InboxItemDto>> InboxAsync(Guid? link = null)
        => OperatorGetAsync(link is { } id ? $"/api/v1/inbox?link={id:D}" : "/api/v1/inbox", OperatorJsonContext.Default.IReadOnlyListInboxItemDto);

    public Task<IReadOnlyList<OutboxItemDto>> OutboxAsync(Guid link)
        => OperatorGetAsync($"/api/v1/outbox?link={link:D}", OperatorJsonContext.Default.IReadOnlyListOutboxItemDto);

    public Task<IReadOnlyList<LinkDto>> LinksAsync() => OperatorGetAsync("/api/v1/links", OperatorJsonContext.Default.IReadOnlyListLinkDto);

    // ---- federation API and health --------------------------------------------------------------------------------

    /// <summary>GET /federation/v1/links/{id}/state, as a peer probes it.</summary>
    public async Task<LinkStateResponse> StateAsync(Guid linkId)
    {
        using var response = await Http.GetAsync($"/federation/v1/links/{linkId:D}/state", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(FederationJsonContext.Default.LinkStateResponse, TestContext.Current.CancellationToken))!;
    }

    internal async Task<NodeSnapshot> SnapshotAsync(Guid linkId)
    {
        var state = await StateAsync(linkId);
        var inbox = await InboxAsync();
        var links = await LinksAsync();
        return new NodeSnapshot(state.InboundSize, state.OutboundSize,
            string.Join(',', inbox.Select(i => $"{i.Link}/{i.Sequence}/{i.Id}")),
            string.Join(',', links.Select(l => $"{l.Id}/{l.Peer}").Order(StringComparer.Ordinal)));
    }

    public async Task AssertHealthyAsync()
    {
        using var response = await Http.GetAsync("/healthz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
