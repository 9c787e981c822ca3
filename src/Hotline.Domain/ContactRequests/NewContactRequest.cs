using Hotline.Domain.Directory;
using Hotline.Protocol;

namespace Hotline.Domain.ContactRequests;

/// <summary>What an operator submits to open a contact request (<c>hotline request …</c>); the id and time are
/// arguments (the opening envelope's id and creation time).</summary>
public sealed record NewContactRequest
{
    public required ContactRequestId Id { get; init; }

    public required LinkId Link { get; init; }

    public required PositionId From { get; init; }

    public required PositionId To { get; init; }

    public required ContactKind Kind { get; init; }

    public required string Purpose { get; init; }

    public Precedence Precedence { get; init; } = Precedence.Routine;

    public required DateTimeOffset SentAt { get; init; }

    public required string SentBy { get; init; }

    public TimeWindow? Window { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The cancelled request this one re-proposes, if any.</summary>
    public ContactRequestId? Follows { get; init; }
}
