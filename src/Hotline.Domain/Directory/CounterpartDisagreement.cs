using System.Collections.Immutable;
using Hotline.Domain.ContactRequests;

namespace Hotline.Domain.Directory;

/// <summary>
/// On record when the other side proposes a different counterpart than the one asked for: asked for
/// <paramref name="AskedFor"/>, the responder proposed <paramref name="Proposed"/> at <paramref name="At"/>. Derived
/// from a request's history (each counter that names another position), so it needs no storage of its own.
/// </summary>
public sealed record CounterpartDisagreement(
    ContactRequestId Request,
    PositionId AskedFor,
    PositionId Proposed,
    DateTimeOffset At,
    string ProposedBy,
    string? Text)
{
    /// <summary>Every disagreement in a request's history, oldest first.</summary>
    public static ImmutableArray<CounterpartDisagreement> Of(ContactRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var disagreements = ImmutableArray.CreateBuilder<CounterpartDisagreement>();
        foreach (var entry in request.History)
        {
            if (entry.Action is ContactAction.Counter { Counterpart: { } proposed } counter
                && !string.IsNullOrWhiteSpace(proposed.Value) && proposed != request.To)
            {
                disagreements.Add(new(request.Id, request.To, proposed, entry.At, counter.Actor, counter.Text));
            }
        }

        return disagreements.ToImmutable();
    }
}
