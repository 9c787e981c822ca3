using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Hotline.Node.Api;

namespace Hotline.Federation.Tests.Harness;

/// <summary>A call to the operator API answered with an error status.</summary>
public sealed class OperatorApiException(HttpStatusCode status, string method, string path, string body)
    : Exception($"{method} {path} answered {(int)status} {status}: {body}")
{
    public HttpStatusCode Status { get; } = status;

    public string Body { get; } = body;
}

/// <summary>
/// The operator HTTP API of one running node (/api/v1, bearer token from DATA/operator.token), spoken with the node's
/// own source-generated DTOs so a changed contract fails to compile here.
/// </summary>
public sealed class OperatorClient : IDisposable
{
    public const int MaxBodiesPerCall = 1000;
    private const int InboxPageSize = 10_000;
    private const int OutboxPageSize = 5_000;
    private static readonly OperatorJsonContext s_json = OperatorJsonContext.Default;
    private readonly HttpClient _http;

    public OperatorClient(Uri baseUrl, string bearerToken)
    {
        BaseUrl = baseUrl;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
    }

    public Uri BaseUrl { get; }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
        return response.IsSuccessStatusCode;
    }

    public Task<NodeStatusDto> GetStatusAsync(CancellationToken cancellationToken)
        => GetAsync("/api/v1/status", s_json.NodeStatusDto, cancellationToken);

    public Task<IReadOnlyList<LinkDto>> GetLinksAsync(CancellationToken cancellationToken)
        => GetAsync("/api/v1/links", s_json.IReadOnlyListLinkDto, cancellationToken);

    public Task<InvitationDto> CreateInvitationAsync(int? expiresInMinutes, CancellationToken cancellationToken)
        => PostAsync(
            "/api/v1/invitations",
            new CreateInvitationRequest(expiresInMinutes),
            s_json.CreateInvitationRequest,
            s_json.InvitationDto,
            cancellationToken);

    public Task<AcceptedLinkDto> AcceptAsync(string token, CancellationToken cancellationToken)
        => PostAsync(
            "/api/v1/links/accept",
            new AcceptInvitationRequest(token),
            s_json.AcceptInvitationRequest,
            s_json.AcceptedLinkDto,
            cancellationToken);

    /// <summary>Queues <paramref name="bodies"/> (at most <see cref="MaxBodiesPerCall"/>) on one link, in order.</summary>
    public Task<IReadOnlyList<MessageIdDto>> SendAsync(
        string link,
        string precedence,
        IReadOnlyList<string> bodies,
        CancellationToken cancellationToken)
        => PostAsync(
            "/api/v1/messages",
            new SendMessagesRequest(link, precedence, From: null, To: null, bodies),
            s_json.SendMessagesRequest,
            s_json.IReadOnlyListMessageIdDto,
            cancellationToken);

    /// <summary>Inbox items with sequence &gt; <paramref name="after"/> (all when null), ascending.</summary>
    public Task<IReadOnlyList<InboxItemDto>> GetInboxPageAsync(string? link, long? after, int limit, CancellationToken cancellationToken)
        => GetAsync(
            "/api/v1/inbox" + Query(("link", link), ("after", after?.ToString(CultureInfo.InvariantCulture)), ("limit", limit.ToString(CultureInfo.InvariantCulture))),
            s_json.IReadOnlyListInboxItemDto,
            cancellationToken);

    /// <summary>The whole inbox of a link, in sequence order, read page by page.</summary>
    public async Task<IReadOnlyList<InboxItemDto>> GetInboxAsync(string? link, CancellationToken cancellationToken)
    {
        var items = new List<InboxItemDto>();
        long? after = null;
        while (true)
        {
            var page = await GetInboxPageAsync(link, after, InboxPageSize, cancellationToken);
            if (page.Count == 0)
            {
                return items;
            }

            items.AddRange(page);
            after = page[^1].Sequence;
        }
    }

    /// <summary>Outbox items in submit order, from <paramref name="offset"/>.</summary>
    public Task<IReadOnlyList<OutboxItemDto>> GetOutboxPageAsync(string? link, int offset, int limit, CancellationToken cancellationToken)
        => GetAsync(
            "/api/v1/outbox" + Query(("link", link), ("offset", offset.ToString(CultureInfo.InvariantCulture)), ("limit", limit.ToString(CultureInfo.InvariantCulture))),
            s_json.IReadOnlyListOutboxItemDto,
            cancellationToken);

    /// <summary>The whole outbox of a link, in submit order, read page by page.</summary>
    public async Task<IReadOnlyList<OutboxItemDto>> GetOutboxAsync(string? link, CancellationToken cancellationToken)
    {
        var items = new List<OutboxItemDto>();
        while (true)
        {
            var page = await GetOutboxPageAsync(link, items.Count, OutboxPageSize, cancellationToken);
            if (page.Count == 0)
            {
                return items;
            }

            items.AddRange(page);
        }
    }

    /// <summary>The operator named in the Hotline-Operator header of changes.</summary>
    public string Operator { get; set; } = "duty-officer";

    public Task<DirectoryImportDto> ImportDirectoryAsync(DirectoryDocumentDto directory, CancellationToken cancellationToken)
        => SendJsonAsync(HttpMethod.Put, "/api/v1/directory", directory, s_json.DirectoryDocumentDto, s_json.DirectoryImportDto, cancellationToken);

    public Task<PeerDirectoryDto> GetPeerDirectoryAsync(string link, CancellationToken cancellationToken)
        => GetAsync($"/api/v1/links/{Uri.EscapeDataString(link)}/directory", s_json.PeerDirectoryDto, cancellationToken);

    public Task<IReadOnlyList<CounterpartDto>> GetCounterpartsAsync(string link, string forPosition, CancellationToken cancellationToken)
        => GetAsync("/api/v1/counterparts" + Query(("link", link), ("for", forPosition)), s_json.IReadOnlyListCounterpartDto, cancellationToken);

    public Task<ContactRequestDto> OpenRequestAsync(OpenRequestDto request, CancellationToken cancellationToken)
        => SendJsonAsync(HttpMethod.Post, "/api/v1/requests", request, s_json.OpenRequestDto, s_json.ContactRequestDto, cancellationToken);

    public Task<ContactRequestDto> ActAsync(string id, RequestActionDto action, CancellationToken cancellationToken)
        => SendJsonAsync(HttpMethod.Post, $"/api/v1/requests/{Uri.EscapeDataString(id)}/actions", action, s_json.RequestActionDto, s_json.ContactRequestDto, cancellationToken);

    public Task<ContactRequestDto> GetRequestAsync(string id, CancellationToken cancellationToken)
        => GetAsync($"/api/v1/requests/{Uri.EscapeDataString(id)}", s_json.ContactRequestDto, cancellationToken);

    public Task<IReadOnlyList<ContactRequestDto>> GetRequestsAsync(string? link, string? state, CancellationToken cancellationToken)
        => GetAsync("/api/v1/requests" + Query(("link", link), ("state", state)), s_json.IReadOnlyListContactRequestDto, cancellationToken);

    public Task<IReadOnlyList<DisagreementDto>> GetDisagreementsAsync(string? link, CancellationToken cancellationToken)
        => GetAsync("/api/v1/disagreements" + Query(("link", link)), s_json.IReadOnlyListDisagreementDto, cancellationToken);

    public Task<SuspensionDto> GetSuspensionAsync(string link, CancellationToken cancellationToken)
        => GetAsync($"/api/v1/links/{Uri.EscapeDataString(link)}/suspension", s_json.SuspensionDto, cancellationToken);

    public Task<SuspensionDto> SetSuspensionAsync(string link, bool suspend, string reason, CancellationToken cancellationToken)
        => SendJsonAsync(HttpMethod.Post, $"/api/v1/links/{Uri.EscapeDataString(link)}/{(suspend ? "suspend" : "resume")}", new SuspensionRequestDto(reason),
            s_json.SuspensionRequestDto, s_json.SuspensionDto, cancellationToken);

    public Task<ReportDto> GetReportAsync(string? link, CancellationToken cancellationToken)
        => GetAsync("/api/v1/report" + Query(("link", link)), s_json.ReportDto, cancellationToken);

    public Task<IReadOnlyList<NotificationDto>> GetNotificationsAsync(CancellationToken cancellationToken)
        => GetAsync("/api/v1/notifications", s_json.IReadOnlyListNotificationDto, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<TResponse> SendJsonAsync<TRequest, TResponse>(
        HttpMethod method,
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body, requestType) };
        request.Headers.Add("Hotline-Operator", Uri.EscapeDataString(Operator));
        using var response = await _http.SendAsync(request, cancellationToken);
        return await ReadAsync(response, method.Method, path, responseType, cancellationToken);
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}");
        var query = string.Join('&', present);
        return query.Length == 0 ? string.Empty : "?" + query;
    }

    /// <summary>GET any operator API path (for calls the client has no method for).</summary>
    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return await ReadAsync(response, "GET", path, responseType, cancellationToken);
    }

    private async Task<TResponse> PostAsync<TRequest, TResponse>(
        string path,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(path, UriKind.Relative), request, requestType, cancellationToken);
        return await ReadAsync(response, "POST", path, responseType, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(
        HttpResponseMessage response,
        string method,
        string path,
        JsonTypeInfo<T> responseType,
        CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new OperatorApiException(response.StatusCode, method, path, body);
        }

        return await response.Content.ReadFromJsonAsync(responseType, cancellationToken)
            ?? throw new OperatorApiException(response.StatusCode, method, path, "(empty JSON body)");
    }
}
