namespace Hotline.Domain.ContactRequests;

/// <summary>What the requester asks for.</summary>
public enum ContactKind
{
    Call,
    Video,
    Meeting,
    Message,
}

public static class ContactKindNames
{
    public static string ToName(this ContactKind kind) => kind switch
    {
        ContactKind.Call => "call",
        ContactKind.Video => "video",
        ContactKind.Meeting => "meeting",
        ContactKind.Message => "message",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? text, out ContactKind kind)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "CALL": kind = ContactKind.Call; return true;
            case "VIDEO": kind = ContactKind.Video; return true;
            case "MEETING": kind = ContactKind.Meeting; return true;
            case "MESSAGE": kind = ContactKind.Message; return true;
            default: kind = default; return false;
        }
    }
}
