using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hotline.Node.Api;

namespace Hotline.Cli;

// What the CLI prints with --json (docs/cli.md): the operator API's message DTOs as they are, and these records where
// the CLI prints another shape. Fields may be added, never renamed or removed (tests pin the shapes).

internal sealed record InitJson(string Name, string Data, string Listen, string SigningKey);

internal sealed record InvitationJson(string Token, DateTimeOffset ExpiresAt);

internal sealed record AcceptedLinkJson(string Link, string Peer, string SafetyNumber);

internal sealed record LinkSummaryJson(
    string Id,
    string Peer,
    string State,
    long Backlog,
    DateTimeOffset? LastContactAt,
    DateTimeOffset? OldestUndeliveredAt,
    string SafetyNumber);

/// <summary>One candidate of <c>hotline counterparts --json</c>: the position, who holds it, its rank and why.</summary>
internal sealed record CounterpartJson(string Position, string? Principal, int Rank, IReadOnlyList<string> Reasons);

/// <summary>One request of <c>hotline requests --json</c>: where it stands and how it got there.</summary>
internal sealed record RequestSummaryJson(
    string Id,
    string Link,
    string From,
    string To,
    string Kind,
    string Precedence,
    string State,
    int Attempt,
    DateTimeOffset AckDeadline,
    bool Overdue,
    IReadOnlyList<TransitionDto> History);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(InitJson))]
[JsonSerializable(typeof(InvitationJson))]
[JsonSerializable(typeof(AcceptedLinkJson))]
[JsonSerializable(typeof(LinkSummaryJson))]
[JsonSerializable(typeof(MessageIdDto))]
[JsonSerializable(typeof(InboxItemDto))]
[JsonSerializable(typeof(OutboxItemDto))]
[JsonSerializable(typeof(NodeStatusDto))]
[JsonSerializable(typeof(DirectoryDocumentDto))]
[JsonSerializable(typeof(DirectoryImportDto))]
[JsonSerializable(typeof(PeerDirectoryDto))]
[JsonSerializable(typeof(CounterpartJson))]
[JsonSerializable(typeof(RequestIdDto))]
[JsonSerializable(typeof(ContactRequestDto))]
[JsonSerializable(typeof(RequestSummaryJson))]
[JsonSerializable(typeof(DisagreementDto))]
[JsonSerializable(typeof(SuspensionDto))]
[JsonSerializable(typeof(NotificationDto))]
[JsonSerializable(typeof(ReportDto))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>Single objects, indented.</summary>
    public static CliJsonContext Indented { get; } = new(CreateOptions(writeIndented: true));

    /// <summary>One compact element per line in streamed arrays.</summary>
    public static CliJsonContext Compact { get; } = new(CreateOptions(writeIndented: false));

    // Output goes to a terminal or a pipe, never into HTML: print "+", "<" and non-ASCII text as they are
    // rather than as \u escapes, so bodies stay readable (standard output is UTF-8 unless the locale says otherwise).
    private static JsonSerializerOptions CreateOptions(bool writeIndented) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = writeIndented,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
