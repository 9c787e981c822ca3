namespace Hotline.Domain.ContactRequests;

/// <summary>What can be done to a contact request. The details of each travel in a <see cref="ContactAction"/>.</summary>
public enum ContactActionKind
{
    /// <summary>The receiving node's receipt is stored (system).</summary>
    Deliver,

    /// <summary>A person at the receiving party has seen it.</summary>
    Acknowledge,

    /// <summary>Agree, with a time and a channel.</summary>
    Accept,

    /// <summary>Refuse, with a <see cref="DeclineReason"/> and free text.</summary>
    Decline,

    /// <summary>Propose another counterpart and/or time.</summary>
    Counter,

    /// <summary>The requester takes an open request back.</summary>
    Withdraw,

    /// <summary>Either side calls off an accepted request, with a reason.</summary>
    Cancel,

    /// <summary>The dialogue took place, with an outcome note.</summary>
    Complete,

    /// <summary>The agreed dialogue did not take place.</summary>
    Miss,

    /// <summary>The request reached its expiry while open (system).</summary>
    Expire,
}

public static class ContactActionKindNames
{
    /// <summary>The verb used by the CLI (<c>hotline respond ID ack|accept|…</c>) and the API.</summary>
    public static string ToName(this ContactActionKind kind) => kind switch
    {
        ContactActionKind.Deliver => "deliver",
        ContactActionKind.Acknowledge => "ack",
        ContactActionKind.Accept => "accept",
        ContactActionKind.Decline => "decline",
        ContactActionKind.Counter => "counter",
        ContactActionKind.Withdraw => "withdraw",
        ContactActionKind.Cancel => "cancel",
        ContactActionKind.Complete => "complete",
        ContactActionKind.Miss => "miss",
        ContactActionKind.Expire => "expire",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses a verb; "acknowledge" is accepted beside "ack".</summary>
    public static bool TryParse(string? text, out ContactActionKind kind)
    {
        var trimmed = text?.Trim();
        if (string.Equals(trimmed, "acknowledge", StringComparison.OrdinalIgnoreCase))
        {
            kind = ContactActionKind.Acknowledge;
            return true;
        }

        foreach (var candidate in Enum.GetValues<ContactActionKind>())
        {
            if (string.Equals(candidate.ToName(), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
