using Hotline.Domain.ContactRequests;
using Hotline.Domain.Directory;

namespace Hotline.Domain.Reports;

/// <summary>The last completed dialogue at one protocol level: which request, between which positions, when it was
/// recorded as completed, and how many whole days have passed since.</summary>
public sealed record LastDialogue(int Level, ContactRequestId Request, PositionId From, PositionId With, DateTimeOffset CompletedAt, int DaysSince);
