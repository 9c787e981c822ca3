namespace Hotline.Domain.Directory;

/// <summary>Why a candidate stands where it does in a ranking.</summary>
public enum RankingReasonKind
{
    DeclaredByUs,
    DeclaredByPeer,
    SameLevel,
    OtherLevel,
    SameAuthority,
    OtherAuthority,
    RecentEngagement,
}

/// <summary>One reason, with a sentence for the operator.</summary>
public sealed record RankingReason(RankingReasonKind Kind, string Text);
