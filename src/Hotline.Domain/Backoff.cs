namespace Hotline.Domain;

/// <summary>
/// Retry delays for delivery to a peer: exponential with full jitter, capped low so a peer that was down for a day is
/// retried every few seconds, not every few hours (no "backoff cliff"). Retries never give up; any sign of life
/// from the peer resets the attempt count (the relay wakes at once). Pure: the random sample is an argument.
/// </summary>
public sealed record Backoff(TimeSpan Initial, TimeSpan Cap)
{
    public static Backoff Default { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));

    /// <param name="attempt">Failed attempts so far (1 after the first failure).</param>
    /// <param name="sample">A uniform sample in [0, 1).</param>
    public TimeSpan Delay(int attempt, double sample)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(Cap.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, exponent));
        // Full jitter, but never below half the ceiling, so a burst of failures cannot spin the CPU.
        return TimeSpan.FromMilliseconds((ceiling / 2) + (sample * ceiling / 2));
    }
}
