namespace Hotline.Domain.Directory;

/// <summary>Who declared a counterpart rule.</summary>
public enum DeclaredBy
{
    /// <summary>Our party, for one of its positions.</summary>
    OurSide,

    /// <summary>The peer party, for one of its positions (we read it the other way round).</summary>
    PeerSide,
}

/// <summary>
/// A declared counterpart pair on a link, seen from our side: our position <paramref name="Ours"/> and the peer's
/// position <paramref name="Theirs"/>. Our side declares "for our Secretary, their Vice Chairman"; the peer's
/// declaration "for our Minister, their Secretary" arrives as (Ours: secretary, Theirs: minister, PeerSide).
/// </summary>
public sealed record CounterpartRule(PositionId Ours, PositionId Theirs, DeclaredBy DeclaredBy);
