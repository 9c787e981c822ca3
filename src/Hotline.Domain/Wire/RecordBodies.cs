using System.Text.Json.Serialization;

namespace Hotline.Domain.Wire;

// The JSON bodies of typed envelopes (docs/protocol.md §Record bodies). Names are camelCase; times are RFC 3339 UTC
// with milliseconds; enumerations are the lower-case names the CLI uses. Unknown members are ignored, so a newer peer
// may add fields. The envelope header carries the time (created at) and, for an action, the acting side follows from
// the direction: nothing here repeats the header.

/// <summary>Body of <c>ContactRequest</c> envelopes. The requester stamps the deadlines and the engagement, so both
/// nodes judge "overdue" and count attempts alike.</summary>
public sealed record RequestBody
{
    public required string From { get; init; }

    public required string To { get; init; }

    public required string Kind { get; init; }

    /// <summary>FLASH, IMMEDIATE, PRIORITY or ROUTINE: the same as the envelope header's.</summary>
    public required string Precedence { get; init; }

    public required string Purpose { get; init; }

    public required string SentBy { get; init; }

    public required DateTimeOffset AcknowledgeBy { get; init; }

    public required DateTimeOffset AnswerBy { get; init; }

    public required Guid Engagement { get; init; }

    public required int Attempt { get; init; }

    public DateTimeOffset? WindowFrom { get; init; }

    public DateTimeOffset? WindowTo { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public Guid? Follows { get; init; }
}

/// <summary>Body of <c>ContactAction</c> envelopes: one action on the request <see cref="Request"/>.</summary>
public sealed record ActionBody
{
    public required Guid Request { get; init; }

    /// <summary>ack, accept, decline, counter, withdraw, cancel, complete, miss.</summary>
    public required string Action { get; init; }

    public required string Actor { get; init; }

    /// <summary>Accept: when the contact takes place; counter: the time proposed.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>Accept: over which channel, or where.</summary>
    public string? Channel { get; init; }

    /// <summary>Decline: the reason code.</summary>
    public string? Code { get; init; }

    /// <summary>Counter: the position proposed instead.</summary>
    public string? Counterpart { get; init; }

    /// <summary>Free text: a decline's or counter's text, a withdrawal's or cancellation's reason, a completion's
    /// outcome, a miss's note.</summary>
    public string? Text { get; init; }
}

/// <summary>Body of <c>Directory</c> envelopes: the sender's party directory, with the counterparts it declares on
/// this link. A node keeps the highest <see cref="Version"/> it has received.</summary>
public sealed record DirectoryBody
{
    public required string Party { get; init; }

    public required long Version { get; init; }

    public required IReadOnlyList<PositionBody> Positions { get; init; }

    public IReadOnlyList<CounterpartBody> Counterparts { get; init; } = [];
}

public sealed record PositionBody
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required int Level { get; init; }

    public required string Authority { get; init; }

    public IReadOnlyList<string> Languages { get; init; } = [];

    public string? Principal { get; init; }

    public IReadOnlyList<string> Staff { get; init; } = [];
}

/// <summary>"For our position <see cref="For"/>, the appropriate counterpart on the other side is
/// <see cref="Counterpart"/>."</summary>
public sealed record CounterpartBody
{
    public required string For { get; init; }

    public required string Counterpart { get; init; }
}

/// <summary>Body of <c>Suspension</c> envelopes.</summary>
public sealed record SuspensionBody
{
    /// <summary>suspend or resume.</summary>
    public required string Action { get; init; }

    public required string Reason { get; init; }

    public required string Actor { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(RequestBody))]
[JsonSerializable(typeof(ActionBody))]
[JsonSerializable(typeof(DirectoryBody))]
[JsonSerializable(typeof(SuspensionBody))]
public sealed partial class WireJsonContext : JsonSerializerContext;
