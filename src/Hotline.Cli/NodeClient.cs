using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Hotline.Node.Api;
using Microsoft.AspNetCore.Mvc;

namespace Hotline.Cli;

/// <summary>
/// The operator API of a running node (/api/v1, docs/cli.md), typed. Turns every failure into a
/// <see cref="CliException"/> whose message the operator can act on; listings are paged transparently.
/// </summary>
internal sealed class NodeClient : IDisposable
{
    /// <summary>Messages per POST /api/v1/messages; a longer --stdin input is sent in order, chunk by chunk.</summary>
    public const int SendChunkSize = 500;

    public const int DefaultPageSize = 1000;

    /// <summary>Names the operator who takes a change, on every request that changes something (the node records it).</summary>
    public const string OperatorHeader = "Hotline-Operator";

    private readonly HttpClient _http;
    private readonly NodeEndpoint _endpoint;
    private readonly int _pageSize;

    public NodeClient(NodeEndpoint endpoint, HttpMessageHandler handler, int pageSize = DefaultPageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        _endpoint = endpoint;
        _pageSize = pageSize;
        var baseUrl = endpoint.Url.AbsoluteUri.EndsWith('/') ? endpoint.Url : new Uri(endpoint.Url.AbsoluteUri + "/");
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseUrl };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.OperatorToken);
    }

    public Task<NodeStatusDto> GetStatusAsync(CancellationToken cancellationToken) =>
        GetAsync("api/v1/status", OperatorJsonContext.Default.NodeStatusDto, cancellationToken);

    public Task<IReadOnlyList<LinkDto>> GetLinksAsync(CancellationToken cancellationToken) =>
        GetAsync("api/v1/links", OperatorJsonContext.Default.IReadOnlyListLinkDto, cancellationToken);

    public Task<InvitationDto> CreateInvitationAsync(int? expiresInMinutes, string actor, CancellationToken cancellationToken) =>
        PostAsync(
            "api/v1/invitations",
            new CreateInvitationRequest(expiresInMinutes),
            OperatorJsonContext.Default.CreateInvitationRequest,
            OperatorJsonContext.Default.InvitationDto,
            actor,
            cancellationToken);

    public Task<AcceptedLinkDto> AcceptInvitationAsync(string token, string actor, CancellationToken cancellationToken) =>
        PostAsync(
            "api/v1/links/accept",
            new AcceptInvitationRequest(token),
            OperatorJsonContext.Default.AcceptInvitationRequest,
            OperatorJsonContext.Default.AcceptedLinkDto,
            actor,
            cancellationToken);

    /// <summary>Queues up to <see cref="SendChunkSize"/> messages; the ids come back in the order of the bodies.</summary>
    public async Task<IReadOnlyList<MessageIdDto>> SendMessagesAsync(SendMessagesRequest request, string actor, CancellationToken cancellationToken)
    {
        if (request.Bodies.Count > SendChunkSize)
        {
            throw new ArgumentException($"at most {SendChunkSize} bodies per request", nameof(request));
        }

        var ids = await PostAsync(
            "api/v1/messages",
            request,
            OperatorJsonContext.Default.SendMessagesRequest,
            OperatorJsonContext.Default.IReadOnlyListMessageIdDto,
            actor,
            cancellationToken);
        if (ids.Count != request.Bodies.Count)
        {
            throw new CliException($"the node returned {ids.Count} message ids for {request.Bodies.Count} messages");
        }

        return ids;
    }

    /// <summary>
    /// The inbox of one link (id or peer name) in sequence order, or of every link (link by link) when
    /// <paramref name="link"/> is null. Pages with <c>after</c> = the last sequence seen.
    /// </summary>
    public async IAsyncEnumerable<InboxItemDto> ReadInboxAsync(string? link, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (link is null)
        {
            foreach (var each in await GetLinksAsync(cancellationToken))
            {
                await foreach (var item in ReadInboxAsync(each.Id, cancellationToken))
                {
                    yield return item;
                }
            }

            yield break;
        }

        var after = -1L;
        while (true)
        {
            var path = string.Create(
                CultureInfo.InvariantCulture,
                $"api/v1/inbox?link={Uri.EscapeDataString(link)}&after={after}&limit={_pageSize}");
            var page = await GetAsync(path, OperatorJsonContext.Default.IReadOnlyListInboxItemDto, cancellationToken);
            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var item in page)
            {
                if (item.Sequence <= after)
                {
                    // Paging relies on increasing sequences; anything else would loop forever or repeat messages.
                    throw new CliException($"the node returned inbox sequence {item.Sequence} after {after}: the inbox is not in sequence order");
                }

                after = item.Sequence;
                yield return item;
            }
        }
    }

    /// <summary>The outbox of one link, or of all links, in submit order. Pages with <c>offset</c>/<c>limit</c>.</summary>
    public async IAsyncEnumerable<OutboxItemDto> ReadOutboxAsync(string? link, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var linkQuery = link is null ? "" : "link=" + Uri.EscapeDataString(link) + "&";
        var offset = 0L;
        while (true)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"api/v1/outbox?{linkQuery}offset={offset}&limit={_pageSize}");
            var page = await GetAsync(path, OperatorJsonContext.Default.IReadOnlyListOutboxItemDto, cancellationToken);
            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var item in page)
            {
                yield return item;
            }

            offset += page.Count;
        }
    }

    /// <summary>Our party's directory as last imported (the node answers 404 when none was).</summary>
    public Task<DirectoryDocumentDto> GetDirectoryAsync(CancellationToken cancellationToken) =>
        GetAsync("api/v1/directory", OperatorJsonContext.Default.DirectoryDocumentDto, cancellationToken);

    /// <summary>Replaces our party's directory; the node shares a changed one with every link.</summary>
    public Task<DirectoryImportDto> ImportDirectoryAsync(DirectoryDocumentDto directory, string actor, CancellationToken cancellationToken) =>
        SendJsonAsync(
            HttpMethod.Put,
            "api/v1/directory",
            directory,
            OperatorJsonContext.Default.DirectoryDocumentDto,
            OperatorJsonContext.Default.DirectoryImportDto,
            actor,
            cancellationToken);

    /// <summary>The peer's directory as last received on a link.</summary>
    public Task<PeerDirectoryDto> GetPeerDirectoryAsync(string link, CancellationToken cancellationToken) =>
        GetAsync($"api/v1/links/{Segment(link)}/directory", OperatorJsonContext.Default.PeerDirectoryDto, cancellationToken);

    /// <summary>The peer's positions ranked as counterparts for one of ours, best (rank 1) first.</summary>
    public Task<IReadOnlyList<CounterpartDto>> GetCounterpartsAsync(string link, string position, CancellationToken cancellationToken) =>
        GetAsync(
            "api/v1/counterparts" + Query(("link", link), ("for", position)),
            OperatorJsonContext.Default.IReadOnlyListCounterpartDto,
            cancellationToken);

    public Task<ContactRequestDto> OpenRequestAsync(OpenRequestDto request, string actor, CancellationToken cancellationToken) =>
        PostAsync(
            "api/v1/requests",
            request,
            OperatorJsonContext.Default.OpenRequestDto,
            OperatorJsonContext.Default.ContactRequestDto,
            actor,
            cancellationToken);

    public Task<IReadOnlyList<ContactRequestDto>> GetRequestsAsync(string? link, string? state, CancellationToken cancellationToken) =>
        GetAsync(
            "api/v1/requests" + Query(("link", link), ("state", state)),
            OperatorJsonContext.Default.IReadOnlyListContactRequestDto,
            cancellationToken);

    /// <summary>One request by its id or an unambiguous prefix of it.</summary>
    public Task<ContactRequestDto> GetRequestAsync(string idOrPrefix, CancellationToken cancellationToken) =>
        GetAsync($"api/v1/requests/{Segment(idOrPrefix)}", OperatorJsonContext.Default.ContactRequestDto, cancellationToken);

    public Task<ContactRequestDto> ActOnRequestAsync(string idOrPrefix, RequestActionDto action, string actor, CancellationToken cancellationToken) =>
        PostAsync(
            $"api/v1/requests/{Segment(idOrPrefix)}/actions",
            action,
            OperatorJsonContext.Default.RequestActionDto,
            OperatorJsonContext.Default.ContactRequestDto,
            actor,
            cancellationToken);

    public Task<IReadOnlyList<DisagreementDto>> GetDisagreementsAsync(string? link, CancellationToken cancellationToken) =>
        GetAsync(
            "api/v1/disagreements" + Query(("link", link)),
            OperatorJsonContext.Default.IReadOnlyListDisagreementDto,
            cancellationToken);

    /// <summary>Suspends (<paramref name="suspend"/>) or resumes contact requests on a link.</summary>
    public Task<SuspensionDto> SetSuspensionAsync(string link, bool suspend, string reason, string actor, CancellationToken cancellationToken) =>
        PostAsync(
            $"api/v1/links/{Segment(link)}/{(suspend ? "suspend" : "resume")}",
            new SuspensionRequestDto(reason),
            OperatorJsonContext.Default.SuspensionRequestDto,
            OperatorJsonContext.Default.SuspensionDto,
            actor,
            cancellationToken);

    public Task<ReportDto> GetReportAsync(string? link, DateTimeOffset? since, CancellationToken cancellationToken) =>
        GetAsync(
            "api/v1/report" + Query(("link", link), ("since", since?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture))),
            OperatorJsonContext.Default.ReportDto,
            cancellationToken);

    /// <summary>The node's notifications with an id above <paramref name="after"/>, in id order. Pages with <c>after</c> = the last id seen.</summary>
    public async IAsyncEnumerable<NotificationDto> ReadNotificationsAsync(long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"api/v1/notifications?after={after}&limit={_pageSize}");
            var page = await GetAsync(path, OperatorJsonContext.Default.IReadOnlyListNotificationDto, cancellationToken);
            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var notification in page)
            {
                if (notification.Id <= after)
                {
                    throw new CliException($"the node returned notification {notification.Id} after {after}: the notifications are not in id order");
                }

                after = notification.Id;
                yield return notification;
            }
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A path segment the operator typed (a link name, a request id), escaped.</summary>
    private static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>"?a=1&amp;b=2" from the parameters that have a value; "" when none has.</summary>
    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }

    private Task<T> GetAsync<T>(string path, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), responseType, cancellationToken);

    private Task<TResponse> PostAsync<TRequest, TResponse>(
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        string actor,
        CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, path, body, requestType, responseType, actor, cancellationToken);

    /// <summary>A change: a JSON body, and the operator who makes it in the <see cref="OperatorHeader"/> header.</summary>
    private Task<TResponse> SendJsonAsync<TRequest, TResponse>(
        HttpMethod method,
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        string actor,
        CancellationToken cancellationToken)
    {
        if (OperatorName.Problem(actor) is { } problem)
        {
            throw new CliException(problem, ExitCodes.Usage);
        }

        // Serialized up front so the request has a Content-Length instead of a chunked body.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, requestType));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(OperatorHeader, Uri.EscapeDataString(actor.Trim()));
        return SendAsync(request, responseType, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        using var _ = request;
        var what = $"{request.Method} /{request.RequestUri?.OriginalString.Split('?')[0]}";
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            // api.json is left behind when a node is killed; a refused connection means it is gone.
            throw new CliException(NodeDiscovery.NoNodeRunningMessage(_endpoint.DataDirectory), ex);
        }
        catch (HttpRequestException ex)
        {
            // The outer message is only "An error occurred while sending the request"; the cause is inside.
            var cause = ex.GetBaseException().Message;
            throw new CliException($"{what} to the node at {_endpoint.Url} failed: {cause}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"{what}: the node at {_endpoint.Url} did not answer within {_http.Timeout.TotalSeconds:0} s", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException(await DescribeFailureAsync(response, what, cancellationToken));
            }

            try
            {
                return await response.Content.ReadFromJsonAsync(responseType, cancellationToken)
                    ?? throw new CliException($"{what}: the node answered with an empty body");
            }
            catch (JsonException ex)
            {
                throw new CliException($"{what}: the node's answer is not what this CLI expects ({ex.Message})", ex);
            }
        }
    }

    /// <summary>The node answers errors as RFC 7807 problem details: show their detail (or title) to the operator.</summary>
    private async Task<string> DescribeFailureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string? problem = null;
        string? reason = null;
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (body.Length > 0)
            {
                var details = JsonSerializer.Deserialize(body, OperatorJsonContext.Default.ProblemDetails);
                problem = string.IsNullOrWhiteSpace(details?.Detail) ? details?.Title : details.Detail;
                reason = ReasonOf(details);
            }
        }
        catch (JsonException)
        {
            // Not problem details (a proxy's HTML page, say): fall back to the status line.
        }

        problem = string.IsNullOrWhiteSpace(problem) ? response.ReasonPhrase ?? "request failed" : problem;
        // The reason names the rule that refused a change (WrongSide, Suspended...): scripts can match it.
        var origin = reason is null ? $"HTTP {status} from {what}" : $"{reason}; HTTP {status} from {what}";
        var message = string.Create(CultureInfo.InvariantCulture, $"{problem} ({origin})");
        return response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? $"the node refused the operator token in {HumanFormat.ShellWord(new Node.DataDirectory(_endpoint.DataDirectory).TokenPath)}: {message}"
            : message;
    }

    /// <summary>The problem's <c>reason</c> extension when it is a plain word, else null.</summary>
    private static string? ReasonOf(ProblemDetails? details) =>
        details?.Extensions.TryGetValue("reason", out var value) == true
        && value is JsonElement { ValueKind: JsonValueKind.String } element
        && element.GetString() is { Length: > 0 and <= 64 } reason
        && reason.All(char.IsAsciiLetterOrDigit)
            ? reason
            : null;
}
