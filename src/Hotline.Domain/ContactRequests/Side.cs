namespace Hotline.Domain.ContactRequests;

/// <summary>Which party takes an action on a contact request: the one that asked, or the one that was asked.</summary>
public enum Side
{
    /// <summary>The party that sent the request (its node, its operators).</summary>
    Requester,

    /// <summary>The party the request was sent to.</summary>
    Responder,
}

public static class SideNames
{
    public static string ToName(this Side side) => side switch
    {
        Side.Requester => "requester",
        Side.Responder => "responder",
        _ => throw new ArgumentOutOfRangeException(nameof(side)),
    };

    public static Side Other(this Side side) => side switch
    {
        Side.Requester => Side.Responder,
        Side.Responder => Side.Requester,
        _ => throw new ArgumentOutOfRangeException(nameof(side)),
    };
}
