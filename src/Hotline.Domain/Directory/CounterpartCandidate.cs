namespace Hotline.Domain.Directory;

/// <summary>A peer position ranked as a counterpart (rank 1 is the best), with every reason that placed it there.</summary>
public sealed record CounterpartCandidate(Position Position, int Rank, IReadOnlyList<RankingReason> Reasons);
