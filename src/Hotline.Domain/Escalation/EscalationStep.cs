namespace Hotline.Domain.Escalation;

/// <summary>
/// One step of an escalation: notify these operators (by login name) and these roles (every operator holding the
/// role, e.g. "watch-officer", "duty-director"), then wait <paramref name="Wait"/> before the next step.
/// </summary>
public sealed record EscalationStep(IReadOnlyList<string> Operators, IReadOnlyList<string> Roles, TimeSpan Wait)
{
    public static EscalationStep NotifyRoles(TimeSpan wait, params string[] roles) => new([], roles, wait);

    public static EscalationStep NotifyOperators(TimeSpan wait, params string[] operators) => new(operators, [], wait);
}
