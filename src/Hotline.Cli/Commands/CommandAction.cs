using System.CommandLine;

namespace Hotline.Cli.Commands;

internal static class CommandAction
{
    /// <summary>
    /// Sets a command's action so that every failure ends the same way: one <c>hotline: error: ...</c> line on
    /// standard error and exit code 1 (or the <see cref="CliException.ExitCode"/>), never a stack trace.
    /// </summary>
    public static void SetGuardedAction(
        this Command command,
        CliEnvironment environment,
        Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await action(parseResult, cancellationToken);
            }
            catch (CliException ex)
            {
                CliOutput.WriteError(environment.Error, ex.Message);
                return ex.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                CliOutput.WriteError(environment.Error, "cancelled");
                return ExitCodes.Failure;
            }
#pragma warning disable CA1031 // The last line of defence: whatever went wrong (a node-side exception in init/run, say) is reported as one line.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                CliOutput.WriteError(environment.Error, ex.Message);
                return ExitCodes.Failure;
            }
        });
    }
}
