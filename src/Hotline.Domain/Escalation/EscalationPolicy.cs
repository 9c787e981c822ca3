namespace Hotline.Domain.Escalation;

/// <summary>
/// The receiving party's ordered escalation steps for unacknowledged requests. Step 1 is due when the request was
/// sent; each later step is due when the previous one's wait has passed.
/// </summary>
public sealed record EscalationPolicy(IReadOnlyList<EscalationStep> Steps)
{
    /// <summary>No escalation at all.</summary>
    public static EscalationPolicy None { get; } = new([]);

    /// <summary>What is wrong with a configured policy: every step notifies someone, no wait is negative.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            if (step.Operators.Count + step.Roles.Count == 0)
            {
                problems.Add($"Step {i + 1} notifies nobody.");
            }

            if (step.Operators.Concat(step.Roles).Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"Step {i + 1} names a blank operator or role.");
            }

            if (step.Wait < TimeSpan.Zero)
            {
                problems.Add($"Step {i + 1} waits a negative time.");
            }
        }

        return problems;
    }
}
