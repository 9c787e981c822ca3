using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hotline.Node.Api;

// The operator HTTP API (/api/v1, bearer token from DATA/operator.token). The CLI and the
// benchmarks speak exactly these shapes; docs/api.md lists them with examples.

public sealed record NodeStatusDto(string Name, string Url, IReadOnlyList<LinkDto> Links);

public sealed record LinkDto(
    string Id,
    string Peer,
    string State,
    long Backlog,
    DateTimeOffset? LastContactAt,
    string SafetyNumber,
    IReadOnlyList<string> Endpoints,
    DateTimeOffset? OldestUndeliveredAt);

public sealed record CreateInvitationRequest(int? ExpiresInMinutes);

public sealed record InvitationDto(string Token, DateTimeOffset ExpiresAt);

public sealed record AcceptInvitationRequest(string Token);

public sealed record AcceptedLinkDto(string Link, string Peer, string SafetyNumber);

/// <summary>One or more messages to one link, queued in the order given.</summary>
public sealed record SendMessagesRequest(string Link, string? Precedence, string? From, string? To, IReadOnlyList<string> Bodies);

public sealed record MessageIdDto(string Id);

public sealed record InboxItemDto(
    string Id,
    string Link,
    string From,
    string? To,
    long Sequence,
    string Precedence,
    string Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset ReceivedAt);

public sealed record OutboxItemDto(
    string Id,
    string Link,
    long? Sequence,
    string Precedence,
    string State,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? DeliveredAt,
    double? WaitingSeconds);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(NodeStatusDto))]
[JsonSerializable(typeof(LinkDto))]
[JsonSerializable(typeof(IReadOnlyList<LinkDto>))]
[JsonSerializable(typeof(CreateInvitationRequest))]
[JsonSerializable(typeof(InvitationDto))]
[JsonSerializable(typeof(AcceptInvitationRequest))]
[JsonSerializable(typeof(AcceptedLinkDto))]
[JsonSerializable(typeof(SendMessagesRequest))]
[JsonSerializable(typeof(IReadOnlyList<MessageIdDto>))]
[JsonSerializable(typeof(IReadOnlyList<InboxItemDto>))]
[JsonSerializable(typeof(IReadOnlyList<OutboxItemDto>))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
public sealed partial class OperatorJsonContext : JsonSerializerContext;
