using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Web;
using Hotline.Node.Api;
using Microsoft.AspNetCore.Mvc;

namespace Hotline.Cli.Tests;

/// <summary>
/// The operator API of a node, in memory, behind the CLI's HTTP seam: links and messages, and the hotline's
/// directory, counterparts, contact requests, disagreements, suspensions, report and notifications. Pages are capped at <see cref="MaxPage"/>
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

    /// <summary>The Hotline-Operator header of every request (null when absent), in the order of <see cref="Requests"/>.</summary>
    public List<string?> Operators { get; } = [];

    public DirectoryDocumentDto? Directory { get; set; }

    /// <summary>Directories received from peers, by link id.</summary>
    public Dictionary<string, PeerDirectoryDto> PeerDirectories { get; } = [];

    /// <summary>Directories PUT by the CLI.</summary>
    public List<DirectoryDocumentDto> Imported { get; } = [];

    /// <summary>Candidates answered to every GET /api/v1/counterparts, whatever the link and position.</summary>
    public List<CounterpartDto> Counterparts { get; } = [];

    public List<ContactRequestDto> ContactRequests { get; } = [];

    public List<OpenRequestDto> Opened { get; } = [];

    /// <summary>Actions POSTed by the CLI, with the request id (or prefix) of the route.</summary>
    public List<(string Id, RequestActionDto Action)> Actions { get; } = [];

    /// <summary>When set, every action is refused with this problem (status, detail and <c>reason</c> extension).</summary>
    public (HttpStatusCode Status, string Detail, string Reason)? RefuseActions { get; set; }

    public List<DisagreementDto> Disagreements { get; } = [];

    /// <summary>Suspend and resume calls as (link, "suspend" or "resume", reason).</summary>
    public List<(string Link, string Verb, string? Reason)> SuspensionCalls { get; } = [];

    public List<NotificationDto> Notifications { get; } = [];

    public ReportDto? Report { get; set; }

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
        // Decoded as the node decodes it: the CLI percent-encodes the name so any script fits a header.
        Operators.Add(request.Headers.TryGetValues("Hotline-Operator", out var names) ? Uri.UnescapeDataString(string.Join(",", names)) : null);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();

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

            case ("GET", "/api/v1/directory"):
                return Directory is null
                    ? Problem(HttpStatusCode.NotFound, "No directory", "No directory has been imported yet.")
                    : Json(Directory, OperatorJsonContext.Default.DirectoryDocumentDto);

            case ("PUT", "/api/v1/directory"):
                {
                    var document = (await request.Content!.ReadFromJsonAsync(OperatorJsonContext.Default.DirectoryDocumentDto, cancellationToken))!;
                    var changed = Directory is null || !Same(Directory, document);
                    Imported.Add(document);
                    Directory = document with { Version = (Directory?.Version ?? 0) + (changed ? 1 : 0) };
                    return Json(new DirectoryImportDto(Directory.Version!.Value, changed, changed ? Links.Count : 0), OperatorJsonContext.Default.DirectoryImportDto);
                }

            case ("GET", _) when segments is ["api", "v1", "links", var link, "directory"]:
                return ResolveLink(link) is { } known && PeerDirectories.TryGetValue(known.Id, out var peer)
                    ? Json(peer, OperatorJsonContext.Default.PeerDirectoryDto)
                    : Problem(HttpStatusCode.NotFound, "No directory", $"The directory of '{link}' has not arrived yet.");

            case ("GET", "/api/v1/counterparts"):
                return Json<IReadOnlyList<CounterpartDto>>(Counterparts.ToList(), OperatorJsonContext.Default.IReadOnlyListCounterpartDto);

            case ("POST", "/api/v1/requests"):
                {
                    var open = (await request.Content!.ReadFromJsonAsync(OperatorJsonContext.Default.OpenRequestDto, cancellationToken))!;
                    Opened.Add(open);
                    var link = ResolveLink(open.Link) ?? Link(open.Link, open.Link);
                    var created = ContactRequest($"0193abcd-0000-7000-8000-{ContactRequests.Count:D12}", link.Id, link.Peer, "sent") with
                    {
                        From = open.From,
                        To = open.To,
                        Kind = open.Kind,
                        Purpose = open.Purpose,
                        Precedence = open.Precedence ?? "ROUTINE",
                        SentBy = Operators[^1] ?? "",
                    };
                    ContactRequests.Add(created);
                    return Json(created, OperatorJsonContext.Default.ContactRequestDto, HttpStatusCode.Created);
                }

            case ("GET", "/api/v1/requests"):
                return Json<IReadOnlyList<ContactRequestDto>>(
                    ContactRequests.Where(r => (query["link"] is not { } l || r.Link == l || r.Peer == l) && (query["state"] is not { } s || r.State == s)).ToList(),
                    OperatorJsonContext.Default.IReadOnlyListContactRequestDto);

            case ("GET", _) when segments is ["api", "v1", "requests", var id]:
                return FindRequest(id) is { } found
                    ? Json(found, OperatorJsonContext.Default.ContactRequestDto)
                    : Problem(HttpStatusCode.NotFound, "Unknown request", $"No contact request '{id}'.", "UnknownRequest");

            case ("POST", _) when segments is ["api", "v1", "requests", var id, "actions"]:
                {
                    var action = (await request.Content!.ReadFromJsonAsync(OperatorJsonContext.Default.RequestActionDto, cancellationToken))!;
                    Actions.Add((id, action));
                    if (RefuseActions is { } refusal)
                    {
                        return Problem(refusal.Status, "Action refused", refusal.Detail, refusal.Reason);
                    }

                    if (FindRequest(id) is not { } target)
                    {
                        return Problem(HttpStatusCode.NotFound, "Unknown request", $"No contact request '{id}'.", "UnknownRequest");
                    }

                    var updated = target with { State = StateAfter(action.Action) };
                    ContactRequests[ContactRequests.IndexOf(target)] = updated;
                    return Json(updated, OperatorJsonContext.Default.ContactRequestDto);
                }

            case ("GET", "/api/v1/disagreements"):
                return Json<IReadOnlyList<DisagreementDto>>(
                    Disagreements.Where(d => query["link"] is not { } l || d.Link == l).ToList(),
                    OperatorJsonContext.Default.IReadOnlyListDisagreementDto);

            case ("POST", _) when segments is ["api", "v1", "links", var link, ("suspend" or "resume") and var verb]:
                {
                    var body = await request.Content!.ReadFromJsonAsync(OperatorJsonContext.Default.SuspensionRequestDto, cancellationToken);
                    SuspensionCalls.Add((link, verb, body?.Reason));
                    var events = SuspensionCalls.Where(c => c.Link == link)
                        .Select(c => new SuspensionEventDto(c.Verb, "ours", Operators[^1] ?? "", c.Reason ?? "", At))
                        .ToList();
                    return Json(new SuspensionDto(ResolveLink(link)?.Id ?? link, verb == "suspend", events), OperatorJsonContext.Default.SuspensionDto);
                }

            case ("GET", "/api/v1/notifications"):
                {
                    var after = long.Parse(query["after"] ?? "0");
                    var limit = Math.Min(int.Parse(query["limit"] ?? "1000"), MaxPage);
                    return Json<IReadOnlyList<NotificationDto>>(
                        Notifications.Where(n => n.Id > after).OrderBy(n => n.Id).Take(limit).ToList(),
                        OperatorJsonContext.Default.IReadOnlyListNotificationDto);
                }

            case ("GET", "/api/v1/report"):
                return Report is null
                    ? Problem(HttpStatusCode.NotFound, "Not Found", null)
                    : Json(Report, OperatorJsonContext.Default.ReportDto);

            default:
                return Problem(HttpStatusCode.NotFound, "Not Found", null);
        }
    }

    /// <summary>The time every fake record is stamped with.</summary>
    public static DateTimeOffset At { get; } = DateTimeOffset.Parse("2026-11-29T08:00:00Z");

    /// <summary>A request sent by us at <see cref="At"/>, with one history entry, acknowledgment due 6 hours later.</summary>
    public static ContactRequestDto ContactRequest(string id, string link, string peer, string state, bool overdue = false) =>
        new(id, link, peer, "requester", "secdef", "mnd", "call", "ROUTINE", "Crisis communications", state,
            "0193eeee-0000-7000-8000-000000000000", 1, At, "alice", At.AddHours(6), At.AddHours(48), overdue, overdue ? "acknowledgment" : null,
            null, null, null, null, null, null, null, null, null, ["withdraw"],
            [new TransitionDto("sent", "sent", "request", "requester", "alice", At, null)], []);

    private ContactRequestDto? FindRequest(string idOrPrefix)
    {
        var prefix = idOrPrefix.Replace("-", "", StringComparison.Ordinal);
        var matches = ContactRequests.Where(r => r.Id.Replace("-", "", StringComparison.Ordinal).StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    private static string StateAfter(string action) => action switch
    {
        "ack" => "acknowledged",
        "accept" => "accepted",
        "decline" => "declined",
        "counter" => "countered",
        "withdraw" => "withdrawn",
        "cancel" => "cancelled",
        "complete" => "completed",
        "miss" => "missed",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not an operator action"),
    };

    private static bool Same(DirectoryDocumentDto a, DirectoryDocumentDto b) =>
        JsonSerializer.Serialize(a with { Version = null }, OperatorJsonContext.Default.DirectoryDocumentDto)
        == JsonSerializer.Serialize(b with { Version = null }, OperatorJsonContext.Default.DirectoryDocumentDto);

    // The CLI's HttpClient disposes its handler; this one keeps no resources, so it stays usable for inspection.
    protected override void Dispose(bool disposing) => base.Dispose(disposing);

    private LinkDto? ResolveLink(string? idOrPeer) => Links.FirstOrDefault(l => l.Id == idOrPeer || l.Peer == idOrPeer);

    private static HttpResponseMessage Json<T>(T value, JsonTypeInfo<T> typeInfo, HttpStatusCode status = HttpStatusCode.OK) => new(status)
    {
        Content = JsonContent.Create(value, typeInfo),
    };

    private static HttpResponseMessage Problem(HttpStatusCode status, string title, string? detail, string? reason = null)
    {
        var problem = new ProblemDetails { Title = title, Status = (int)status, Detail = detail };
        if (reason is not null)
        {
            problem.Extensions["reason"] = reason;
        }

        return new(status)
        {
            Content = JsonContent.Create(problem, OperatorJsonContext.Default.ProblemDetails, new MediaTypeHeaderValue("application/problem+json")),
        };
    }
}
