namespace Hotline.Domain.ContactRequests;

/// <summary>When the requester would like the contact to happen (<c>--window FROM/TO</c>); both ends inclusive.</summary>
public readonly record struct TimeWindow(DateTimeOffset From, DateTimeOffset To)
{
    public bool Contains(DateTimeOffset moment) => moment >= From && moment <= To;
}
