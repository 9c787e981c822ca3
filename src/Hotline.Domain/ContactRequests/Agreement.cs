using Hotline.Domain.Directory;

namespace Hotline.Domain.ContactRequests;

/// <summary>What was accepted: when, over which channel, and with which position of the responding party (the one
/// asked for, or the one a counter-proposal named).</summary>
public sealed record Agreement(DateTimeOffset At, string Channel, PositionId Counterpart);
