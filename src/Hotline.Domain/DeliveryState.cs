namespace Hotline.Domain;

/// <summary>Where an outgoing envelope is. Delivered means the peer's receipt is stored, never earlier.</summary>
public enum DeliveryState
{
    /// <summary>In the outbox, no sequence number yet.</summary>
    Queued,

    /// <summary>Sequenced into the transcript and covered by a signed checkpoint; no receipt yet.</summary>
    Sent,

    /// <summary>The peer's cosignature on a checkpoint covering it is stored.</summary>
    Delivered,
}

public static class DeliveryStateNames
{
    public static string ToName(this DeliveryState state) => state switch
    {
        DeliveryState.Queued => "queued",
        DeliveryState.Sent => "sent",
        DeliveryState.Delivered => "delivered",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
