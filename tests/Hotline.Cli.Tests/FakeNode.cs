using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using System.Web;
using Hotline.Node.Api;
using Microsoft.AspNetCore.Mvc;

namespace Hotline.Cli.Tests;

/// <summary>
/// The operator API of a node, in memory, behind the CLI's HTTP seam. Pages are capped at <see cref="MaxPage"/>
/// items whatever the client asks, so paging is exercised with small data.
/// </summary>
internal sealed class FakeNode : HttpMessageHandler
{
    public int MaxPage { get; init; } = 7;

    public List<LinkDto> Links { get; } = [];

    public List<InboxItemDto> Inbox { get; } = [];

    public List<OutboxItemDto> Outbox { get; } = [];

    /// <summary>Every request as "METHOD /path?query".</summary>
    public List<string> Requests { get; } = [];

    public List<SendMessagesRequest> Sent { get; } = [];

    public List<string?> Authorizations { get; } = [];

    /// <summary>Fails POST /api/v1/messages from this call on (0-based), with a problem details body.</summary>
    public int? FailSendFromCall { get; set; }

    public static LinkDto Link(string id, string peer, long backlog = 0) =>
        new(id, peer, "up", backlog, DateTimeOffset.Parse("2026-11-29T08:00:00Z"), "12345 67890 12345 67890 12345 67890", [], null);

    public static InboxItemDto InboxItem(string link, long sequence) =>
        new($"in-{link}-{sequence}", link, "bravo", null, sequence, "ROUTINE", $"body {sequence}",
            DateTimeOffset.Parse("2026-11-29T08:00:00Z"), DateTimeOffset.Parse("2026-11-29T08:00:01Z"));

    public static OutboxItemDto OutboxItem(string link, int index, string state) =>
        new($"out-{index}", link, state == "queued" ? null : index, "ROUTINE", state,
            DateTimeOffset.Parse("2026-11-29T08:00:00Z"), null, state == "delivered" ? DateTimeOffset.Parse("2026-11-29T08:01:00Z") : null,
            state == "delivered" ? null : 60);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var query = HttpUtility.ParseQueryString(request.RequestUri.Query);
        Requests.Add($"{request.Method} {request.RequestUri.PathAndQuery}");
        Authorizations.Add(request.Headers.Authorization?.ToString());

        switch (request.Method.Method, path)
        {
            case ("GET", "/api/v1/links"):
                return Json<IReadOnlyList<LinkDto>>(Links.ToList(), OperatorJsonContext.Default.IReadOnlyListLinkDto);

            case ("GET", "/api/v1/status"):
                return Json(new NodeStatusDto("alpha", "http://127.0.0.1:7999", Links.ToList()), OperatorJsonContext.Default.NodeStatusDto);

            case ("GET", "/api/v1/inbox"):
                {
                    var link = ResolveLink(query["link"]);
                    if (link is null)
                    {
                        return Problem(HttpStatusCode.NotFound, "Unknown link", $"no link with id or peer '{query["link"]}'");
                    }

                    var after = long.Parse(query["after"] ?? "-1");
                    var limit = Math.Min(int.Parse(query["limit"] ?? "1000"), MaxPage);
                    return Json<IReadOnlyList<InboxItemDto>>(
                        Inbox.Where(i => i.Link == link.Id && i.Sequence > after).OrderBy(i => i.Sequence).Take(limit).ToList(),
                        OperatorJsonContext.Default.IReadOnlyListInboxItemDto);
                }

            case ("GET", "/api/v1/outbox"):
                {
                    var link = query["link"] is { } l ? ResolveLink(l)?.Id : null;
                    var offset = int.Parse(query["offset"] ?? "0");
                    var limit = Math.Min(int.Parse(query["limit"] ?? "1000"), MaxPage);
                    return Json<IReadOnlyList<OutboxItemDto>>(
                        Outbox.Where(o => link is null || o.Link == link).Skip(offset).Take(limit).ToList(),
                        OperatorJsonContext.Default.IReadOnlyListOutboxItemDto);
                }

            case ("POST", "/api/v1/messages"):
                {
                    var send = await request.Content!.ReadFromJsonAsync(OperatorJsonContext.Default.SendMessagesRequest, cancellationToken);
                    if (FailSendFromCall is { } failFrom && Sent.Count >= failFrom)
                    {
                        return Problem(HttpStatusCode.ServiceUnavailable, "Storage unavailable", "the database is locked");
                    }

                    Sent.Add(send!);
                    var first = Sent.Sum(s => s.Bodies.Count) - send!.Bodies.Count;
                    return Json<IReadOnlyList<MessageIdDto>>(
                        send.Bodies.Select((_, i) => new MessageIdDto($"m{first + i}")).ToList(),
                        OperatorJsonContext.Default.IReadOnlyListMessageIdDto);
                }

            default:
                return Problem(HttpStatusCode.NotFound, "Not Found", null);
        }
    }

    // The CLI's HttpClient disposes its handler; this one keeps no resources, so it stays usable for inspection.
    protected override void Dispose(bool disposing) => base.Dispose(disposing);

    private LinkDto? ResolveLink(string? idOrPeer) => Links.FirstOrDefault(l => l.Id == idOrPeer || l.Peer == idOrPeer);

    private static HttpResponseMessage Json<T>(T value, JsonTypeInfo<T> typeInfo) => new(HttpStatusCode.OK)
    {
        Content = JsonContent.Create(value, typeInfo),
    };

    private static HttpResponseMessage Problem(HttpStatusCode status, string title, string? detail) => new(status)
    {
        Content = JsonContent.Create(
            new ProblemDetails { Title = title, Status = (int)status, Detail = detail },
            OperatorJsonContext.Default.ProblemDetails,
            new MediaTypeHeaderValue("application/problem+json")),
    };
}
