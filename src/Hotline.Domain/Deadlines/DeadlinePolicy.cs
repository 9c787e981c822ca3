using Hotline.Protocol;

namespace Hotline.Domain.Deadlines;

/// <summary>
/// How long the receiving party has to acknowledge a request (by precedence) and to answer it (accept, decline or
/// counter), counted from the time the request was sent. Configurable per link; the defaults are the military message
/// handling acknowledgment times and the 48 hours of the 2008 US–China Defense Telephone Link agreement.
/// </summary>
public sealed record DeadlinePolicy
{
    public static DeadlinePolicy Default { get; } = new();

    public TimeSpan Flash { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan Immediate { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan Priority { get; init; } = TimeSpan.FromHours(3);

    public TimeSpan Routine { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Time to accept, decline or counter, whatever the precedence.</summary>
    public TimeSpan Response { get; init; } = TimeSpan.FromHours(48);

    public TimeSpan AcknowledgmentWindow(Precedence precedence) => precedence switch
    {
        Precedence.Flash => Flash,
        Precedence.Immediate => Immediate,
        Precedence.Priority => Priority,
        Precedence.Routine => Routine,
        _ => throw new ArgumentOutOfRangeException(nameof(precedence)),
    };

    /// <summary>The deadlines of a request of this precedence sent at <paramref name="sentAt"/>.</summary>
    public RequestDeadlines Stamp(Precedence precedence, DateTimeOffset sentAt)
        => new(sentAt + AcknowledgmentWindow(precedence), sentAt + Response);

    /// <summary>What is wrong with a configured policy: every window must be positive.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (name, window) in new[]
        {
            ("flash", Flash), ("immediate", Immediate), ("priority", Priority), ("routine", Routine), ("response", Response),
        })
        {
            if (window <= TimeSpan.Zero)
            {
                problems.Add($"The {name} deadline must be positive.");
            }
        }

        return problems;
    }
}
