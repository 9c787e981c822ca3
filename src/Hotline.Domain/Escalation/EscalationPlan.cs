using System.Collections.Immutable;
using Hotline.Domain.ContactRequests;

namespace Hotline.Domain.Escalation;

/// <summary>
/// When the steps of an escalation fall due for a request. Escalation runs while nobody at the receiving party has
/// acknowledged the request: in <see cref="ContactRequestState.Sent"/> and <see cref="ContactRequestState.Delivered"/>.
/// After an acknowledgment, or once the request is withdrawn or expired, nothing is due. The schedule counts from the
/// request's <see cref="ContactRequest.SentAt"/> (the time in its envelope), so a request that arrives late after an
/// outage escalates at once. A step is due at its moment exactly.
/// </summary>
public static class EscalationPlan
{
    /// <summary>Every step with the moment it falls due, whatever the request's state.</summary>
    public static ImmutableArray<DueStep> Schedule(ContactRequest request, EscalationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);

        var builder = ImmutableArray.CreateBuilder<DueStep>(policy.Steps.Count);
        var dueAt = request.SentAt;
        for (var i = 0; i < policy.Steps.Count; i++)
        {
            builder.Add(new DueStep(i + 1, policy.Steps[i], dueAt));
            dueAt += policy.Steps[i].Wait;
        }

        return builder.MoveToImmutable();
    }

    /// <summary>Whether escalation still runs for this request: nobody has acknowledged it and it is still open.</summary>
    public static bool IsRunning(ContactRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.State is ContactRequestState.Sent or ContactRequestState.Delivered;
    }

    /// <summary>
    /// The steps to take now, in order: those after the first <paramref name="stepsAlreadyTaken"/> whose moment has
    /// come. Empty once the request is acknowledged (or otherwise no longer waiting).
    /// </summary>
    public static ImmutableArray<DueStep> Due(ContactRequest request, EscalationPolicy policy, DateTimeOffset now, int stepsAlreadyTaken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepsAlreadyTaken);
        if (!IsRunning(request))
        {
            return [];
        }

        return [.. Schedule(request, policy).Skip(stepsAlreadyTaken).TakeWhile(step => step.DueAt <= now)];
    }

    /// <summary>When the next step not yet taken falls due, for the node's timer; null when none is left or the
    /// escalation has stopped.</summary>
    public static DateTimeOffset? NextDueAt(ContactRequest request, EscalationPolicy policy, int stepsAlreadyTaken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepsAlreadyTaken);
        if (!IsRunning(request))
        {
            return null;
        }

        var schedule = Schedule(request, policy);
        return stepsAlreadyTaken < schedule.Length ? schedule[stepsAlreadyTaken].DueAt : null;
    }
}
