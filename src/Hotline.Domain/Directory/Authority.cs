namespace Hotline.Domain.Directory;

/// <summary>The kind of authority a position holds.</summary>
public enum Authority
{
    Civilian,
    Military,

    /// <summary>Party or political authority (e.g. a party's central military commission).</summary>
    Party,
}

public static class AuthorityNames
{
    /// <summary>The name used in directory files and the API.</summary>
    public static string ToName(this Authority authority) => authority switch
    {
        Authority.Civilian => "civilian",
        Authority.Military => "military",
        Authority.Party => "party",
        _ => throw new ArgumentOutOfRangeException(nameof(authority)),
    };

    public static bool IsDefined(Authority authority) => authority is Authority.Civilian or Authority.Military or Authority.Party;

    public static bool TryParse(string? text, out Authority authority)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "CIVILIAN": authority = Authority.Civilian; return true;
            case "MILITARY": authority = Authority.Military; return true;
            case "PARTY": authority = Authority.Party; return true;
            default: authority = default; return false;
        }
    }
}
