using System.CommandLine;
using System.Runtime.InteropServices;
using Hotline.Node;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline run --data DIR [--listen URL]</c>: hosts the node in this process until SIGINT or SIGTERM.</summary>
internal static class RunCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var listen = CommonOptions.Listen("The URL to listen on (default: the one chosen at init)");

        var command = new Command("run", "Run the node until interrupted (Ctrl+C or SIGTERM stop it gracefully)")
        {
            data, listen,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            // NodeHost refuses a directory without a node, or one that a live node already runs on.
            var dataDirectory = parseResult.GetRequiredValue(data);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            try
            {
                await NodeHost.RunAsync(dataDirectory, parseResult.GetValue(listen), OnReady, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The graceful stop we asked for.
            }

            return ExitCodes.Success;

            void OnSignal(PosixSignalContext context)
            {
                if (stop.IsCancellationRequested)
                {
                    // A second signal while stopping: let the runtime's default handling end the process now.
                    return;
                }

                context.Cancel = true;
                stop.Cancel();
            }

            void OnReady(NodeReady ready)
            {
                // Exactly one line on stdout (the node logs to stderr); scripts and tests wait for "listening on http://...".
                environment.Out.WriteLine($"hotline node '{ready.Name}' listening on {ready.Url}");
                environment.Out.Flush();
            }
        });
        return command;
    }
}
