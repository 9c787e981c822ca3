using Hotline.Domain.Directory;

namespace Hotline.Domain.Tests;

/// <summary>The two directories of the seed scenario (each call makes new values).</summary>
internal static class Parties
{
    public static Position Position(string id, string title, int level, Authority authority, string? principal = null) => new()
    {
        Id = new PositionId(id),
        Title = title,
        Level = level,
        Authority = authority,
        Languages = id.StartsWith("us-", StringComparison.Ordinal) || id == "secdef" ? ["en"] : ["zh-Hans"],
        Principal = principal,
        Staff = ["watch-desk"],
    };

    public static PartyDirectory UnitedStates() => new("U.S. Department of Defense",
    [
        Position("secdef", "Secretary of Defense", 1, Authority.Civilian, "Lloyd Austin"),
        Position("us-deputy", "Deputy Secretary of Defense", 2, Authority.Civilian),
        Position("us-cjcs", "Chairman of the Joint Chiefs of Staff", 2, Authority.Military),
        Position("us-watch", "Watch officer desk", 5, Authority.Military),
    ], 1);

    public static PartyDirectory China() => new("PRC",
    [
        Position("cmc-vice-chairman", "Vice Chairman of the Central Military Commission", 1, Authority.Party, "Xu Qiliang"),
        Position("mnd-minister", "Minister of National Defense", 1, Authority.Military, "Wei Fenghe"),
        Position("jsd-chief", "Chief of the Joint Staff Department", 2, Authority.Military),
        Position("cn-watch", "Watch officer desk", 5, Authority.Military),
    ], 3);
}
