namespace Hotline.Domain.Directory;

/// <summary>The last time our position and a peer position were in contact (a request between them was
/// acknowledged), from the link's requests.</summary>
public sealed record RecentEngagement(PositionId Ours, PositionId Theirs, DateTimeOffset LastAt);
