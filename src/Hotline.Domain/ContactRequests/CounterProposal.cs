using Hotline.Domain.Directory;

namespace Hotline.Domain.ContactRequests;

/// <summary>The responder's latest counter-proposal: another counterpart and/or another time.</summary>
public sealed record CounterProposal(PositionId? Counterpart, DateTimeOffset? At, string? Text);
