using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hotline.Node.Api;

// The operator HTTP API (/api/v1, bearer token from DATA/operator.token). The CLI and the
// benchmarks speak exactly these shapes; docs/api.md lists them with examples.

/// <param name="PublicKey">The node's Ed25519 public key (base64): what webhook receivers pin to verify its signatures.</param>
public sealed record NodeStatusDto(string Name, string Url, IReadOnlyList<LinkDto> Links, string? PublicKey = null);

public sealed record LinkDto(
    string Id,
    string Peer,
    string State,
    long Backlog,
    DateTimeOffset? LastContactAt,
    string SafetyNumber,
    IReadOnlyList<string> Endpoints,
    DateTimeOffset? OldestUndeliveredAt,
    string? Suspension = null);

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

// The hotline: directory, counterparts, contact requests, suspension, report, notifications (docs/api.md). Every
// change is attributed to the operator named in the Hotline-Operator header (the CLI sends --as, default the login).

/// <summary>A party directory: the import file's shape (docs/directory.md), also what GET /directory returns with its
/// version. Counterparts declare, per link (the peer's name), the appropriate counterpart of one of our positions.</summary>
public sealed record DirectoryDocumentDto(string Party, IReadOnlyList<PositionDto> Positions, IReadOnlyList<CounterpartRuleDto>? Counterparts = null, long? Version = null);

public sealed record PositionDto(string Id, string Title, int Level, string Authority, IReadOnlyList<string>? Languages = null, string? Principal = null, IReadOnlyList<string>? Staff = null);

/// <summary>"On link <paramref name="Link"/>, for our position <paramref name="For"/>, the counterpart is their
/// <paramref name="Counterpart"/>."</summary>
public sealed record CounterpartRuleDto(string Link, string For, string Counterpart);

public sealed record DirectoryImportDto(long Version, bool Changed, int SharedWith);

/// <summary>The peer's directory as last received on a link.</summary>
public sealed record PeerDirectoryDto(string Link, string Peer, string Party, long Version, IReadOnlyList<PositionDto> Positions, IReadOnlyList<CounterpartRuleDto> Counterparts, DateTimeOffset ReceivedAt);

public sealed record CounterpartDto(string Position, string? Principal, string Title, int Level, string Authority, int Rank, IReadOnlyList<string> Reasons);

public sealed record OpenRequestDto(
    string Link,
    string From,
    string To,
    string Kind,
    string Purpose,
    string? Precedence = null,
    DateTimeOffset? WindowFrom = null,
    DateTimeOffset? WindowTo = null,
    DateTimeOffset? ExpiresAt = null,
    string? Follows = null);

/// <summary>One action on a request. Link, when given, must be the request's (a guard against answering another
/// link's request by a mistyped id). Decline takes Code (a reason code) and Reason (free text); counter takes
/// Counterpart and/or At; accept takes At and Channel; withdraw, cancel, complete and miss take Reason.</summary>
public sealed record RequestActionDto(
    string Action,
    string? Reason = null,
    string? Code = null,
    string? Counterpart = null,
    DateTimeOffset? At = null,
    string? Channel = null,
    string? Link = null);

public sealed record RequestIdDto(string Id);

public sealed record TransitionDto(string From, string To, string Action, string Side, string Who, DateTimeOffset At, string? Details);

public sealed record SupersededDto(string Action, string Side, string Who, DateTimeOffset At, string Reason);

public sealed record ContactRequestDto(
    string Id,
    string Link,
    string Peer,
    string Side,
    string From,
    string To,
    string Kind,
    string Precedence,
    string Purpose,
    string State,
    string Engagement,
    int Attempt,
    DateTimeOffset SentAt,
    string SentBy,
    DateTimeOffset AckDeadline,
    DateTimeOffset AnswerDeadline,
    bool Overdue,
    string? OverdueFor,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? WindowFrom,
    DateTimeOffset? WindowTo,
    string? Follows,
    string? ProposedCounterpart,
    DateTimeOffset? ProposedAt,
    string? AgreedCounterpart,
    DateTimeOffset? AgreedAt,
    string? AgreedChannel,
    IReadOnlyList<string> Allowed,
    IReadOnlyList<TransitionDto> History,
    IReadOnlyList<SupersededDto> Superseded);

public sealed record DisagreementDto(string Request, string Link, string AskedFor, string Proposed, DateTimeOffset At, string ProposedBy, string? Text);

public sealed record SuspensionRequestDto(string? Reason);

public sealed record SuspensionDto(string Link, bool Suspended, IReadOnlyList<SuspensionEventDto> Events);

public sealed record SuspensionEventDto(string Action, string Side, string Who, string Reason, DateTimeOffset At);

public sealed record NotificationDto(long Id, DateTimeOffset At, string Kind, string? Link, string? Request, string Recipients, string Text);

/// <summary>A proof of misbehaviour: two checkpoints the peer signed for its log on this link that cannot both be true.</summary>
public sealed record MisbehaviourDto(long Id, string Link, string Peer, DateTimeOffset DetectedAt, string Kind, string FirstNote, string SecondNote, string Detail);

/// <summary>What a webhook receives (signed: Hotline-Signature header, docs/api.md §Webhooks).</summary>
public sealed record WebhookPayloadDto(string Node, long Id, DateTimeOffset At, string Kind, string? Link, string? Request, string Recipients, string Text);

public sealed record DurationDto(int Count, double? MedianSeconds, double? P90Seconds);

public sealed record LastDialogueDto(int Level, string Request, string From, string With, DateTimeOffset CompletedAt, int DaysSince);

public sealed record FiguresDto(
    int Requests,
    int Engagements,
    int RepeatedAttempts,
    int Acknowledged,
    int AcknowledgedWithinDeadline,
    int Accepted,
    int Declined,
    IReadOnlyDictionary<string, int> DeclinedByReason,
    int Countered,
    int Expired,
    int Withdrawn,
    int Cancelled,
    int Completed,
    int Missed,
    int OverdueNow,
    DurationDto TimeToAcknowledge,
    DurationDto TimeToAnswer,
    IReadOnlyList<LastDialogueDto> LastCompletedByLevel);

public sealed record PairReportDto(string From, string To, FiguresDto Figures);

public sealed record LinkReportDto(string Link, string Peer, FiguresDto Figures, double SuspendedDays, IReadOnlyList<PairReportDto> Pairs);

public sealed record ReportDto(DateTimeOffset GeneratedAt, DateTimeOffset? Since, IReadOnlyList<LinkReportDto> Links);

// ---- Witnesses (docs/witness.md): GET /api/v1/links/{link}/witnesses ----

/// <summary>How this node's transcript on a link is witnessed: the latest checkpoint the peer receipted (size
/// <paramref name="ReceiptSize"/>) has <paramref name="Cosignatures"/> of the configured witnesses' cosignatures, and is
/// <paramref name="Witnessed"/> when they reach the <paramref name="Quorum"/>. <paramref name="LogVerifierKey"/> is what a
/// witness trusts for <paramref name="Origin"/> (`hotline witness trust`).</summary>
public sealed record LinkWitnessesDto(
    string Link,
    string Origin,
    string LogVerifierKey,
    int Quorum,
    long ReceiptSize,
    int Cosignatures,
    bool Witnessed,
    IReadOnlyList<LinkWitnessDto> Witnesses);

/// <summary>One configured witness: the largest checkpoint of ours it cosigned (with its cosignature line), whether it
/// cosigned the receipted one, and failed attempts in a row with the last error.</summary>
public sealed record LinkWitnessDto(
    string Name,
    string Url,
    long CosignedSize,
    DateTimeOffset? CosignedAt,
    string? Cosignature,
    bool CosignsReceipt,
    int FailedAttempts,
    string? LastError);

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
[JsonSerializable(typeof(DirectoryDocumentDto))]
[JsonSerializable(typeof(DirectoryImportDto))]
[JsonSerializable(typeof(PeerDirectoryDto))]
[JsonSerializable(typeof(IReadOnlyList<CounterpartDto>))]
[JsonSerializable(typeof(OpenRequestDto))]
[JsonSerializable(typeof(RequestActionDto))]
[JsonSerializable(typeof(RequestIdDto))]
[JsonSerializable(typeof(ContactRequestDto))]
[JsonSerializable(typeof(IReadOnlyList<ContactRequestDto>))]
[JsonSerializable(typeof(IReadOnlyList<DisagreementDto>))]
[JsonSerializable(typeof(SuspensionRequestDto))]
[JsonSerializable(typeof(SuspensionDto))]
[JsonSerializable(typeof(IReadOnlyList<NotificationDto>))]
[JsonSerializable(typeof(ReportDto))]
[JsonSerializable(typeof(WebhookPayloadDto))]
[JsonSerializable(typeof(IReadOnlyList<MisbehaviourDto>))]
[JsonSerializable(typeof(LinkWitnessesDto))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
public sealed partial class OperatorJsonContext : JsonSerializerContext;
