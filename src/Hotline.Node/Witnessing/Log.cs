using Microsoft.Extensions.Logging;

namespace Hotline.Node.Witnessing;

/// <summary>Log messages of the node's witnessing. Event ids 8xx.</summary>
internal static partial class Log
{
    [LoggerMessage(800, LogLevel.Debug, "Witness {Witness} cosigned link {LinkId} at size {CheckpointSize}")]
    public static partial void Cosigned(ILogger logger, string witness, Guid linkId, long checkpointSize);

    [LoggerMessage(801, LogLevel.Information, "Witness {Witness} unreachable for link {LinkId} (attempt {Attempt}), retrying in {DelayMs} ms: {Error}")]
    public static partial void Unreachable(ILogger logger, string witness, Guid linkId, int attempt, long delayMs, string error);

    [LoggerMessage(802, LogLevel.Error, "Witness {Witness} refused our checkpoint of link {LinkId} at size {CheckpointSize}: {Status} {Detail}")]
    public static partial void Refused(ILogger logger, string witness, Guid linkId, long checkpointSize, int status, string detail);

    [LoggerMessage(803, LogLevel.Critical, "Witness {Witness} holds a view of our log on link {LinkId} that contradicts ours: {Detail}")]
    public static partial void Contradiction(ILogger logger, string witness, Guid linkId, string detail);

    [LoggerMessage(804, LogLevel.Information, "Witness {Witness} reachable again for link {LinkId} after {Attempt} failed attempts")]
    public static partial void Back(ILogger logger, string witness, Guid linkId, int attempt);

    [LoggerMessage(805, LogLevel.Error, "Witnessing link {LinkId} with {Witness} failed unexpectedly; retrying")]
    public static partial void Failed(ILogger logger, string witness, Guid linkId, Exception exception);
}
