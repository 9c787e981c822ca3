namespace Hotline.Domain.ContactRequests;

/// <summary>
/// Why a request was declined: a closed list, so the engagement report can count why contact fails. Free text goes
/// beside the code. The numbers are stable (stored and carried in envelopes); never reuse one.
/// </summary>
public enum DeclineReason
{
    /// <summary>The position asked for is not the appropriate counterpart.</summary>
    WrongCounterpart = 1,

    /// <summary>Conditions the responder sets are not met ("the proper atmosphere has not been created", sanctions).</summary>
    PreconditionsNotMet = 2,

    /// <summary>Not now: the time or window does not suit.</summary>
    Timing = 3,

    /// <summary>Declined without a reason.</summary>
    NoReasonGiven = 4,
}

public static class DeclineReasonNames
{
    /// <summary>The kebab-case code used by the CLI and the API.</summary>
    public static string ToName(this DeclineReason reason) => reason switch
    {
        DeclineReason.WrongCounterpart => "wrong-counterpart",
        DeclineReason.PreconditionsNotMet => "preconditions-not-met",
        DeclineReason.Timing => "timing",
        DeclineReason.NoReasonGiven => "no-reason-given",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    /// <summary>What the code means, for an operator.</summary>
    public static string Describe(this DeclineReason reason) => reason switch
    {
        DeclineReason.WrongCounterpart => "the position asked for is not the appropriate counterpart",
        DeclineReason.PreconditionsNotMet => "preconditions set by the responder are not met",
        DeclineReason.Timing => "the time or window does not suit",
        DeclineReason.NoReasonGiven => "no reason given",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    public static bool IsDefined(DeclineReason reason) => reason is DeclineReason.WrongCounterpart
        or DeclineReason.PreconditionsNotMet or DeclineReason.Timing or DeclineReason.NoReasonGiven;

    public static bool TryParse(string? text, out DeclineReason reason)
    {
        foreach (var candidate in Enum.GetValues<DeclineReason>())
        {
            if (string.Equals(candidate.ToName(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                reason = candidate;
                return true;
            }
        }

        reason = default;
        return false;
    }
}
