using Microsoft.Extensions.Logging;

namespace Hotline.Node.Witness;

/// <summary>The witness's log messages. Event ids 7xx. Never logs keys.</summary>
internal static partial class Log
{
    [LoggerMessage(700, LogLevel.Information, "Witness {Name} listening on {Url}")]
    public static partial void Listening(ILogger logger, string name, string url);

    [LoggerMessage(701, LogLevel.Debug, "Cosigned {Origin} at size {CheckpointSize} (from {OldSize})")]
    public static partial void Cosigned(ILogger logger, string origin, long checkpointSize, long oldSize);

    [LoggerMessage(702, LogLevel.Information, "Refused a checkpoint for {Origin}: {Status} {Reason}")]
    public static partial void Refused(ILogger logger, string origin, int status, string reason);

    [LoggerMessage(703, LogLevel.Critical, "Inconsistent checkpoint signed by the log {Origin} at size {CheckpointSize}, kept as evidence: {Reason}")]
    public static partial void Inconsistent(ILogger logger, string origin, long checkpointSize, string reason);
}
