using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Hotline.Cli.Commands;

namespace Hotline.Cli;

/// <summary>The <c>hotline</c> command line: its commands, and how parse errors and failures become exit codes.</summary>
internal static class HotlineCli
{
    public const string Name = "hotline";

    public static Command CreateRootCommand(CliEnvironment environment)
    {
        // A plain Command rather than RootCommand: RootCommand takes its name from the executable, which is
        // "testhost" or similar under a test runner; help and errors should always say "hotline".
        return new Command(Name, "Run and operate a Hotline node: pair links with other nodes, send and read messages, request and answer contact.")
        {
            new HelpOption(),
            new VersionOption(),
            InitCommand.Create(environment),
            RunCommand.Create(environment),
            InviteCommand.Create(environment),
            AcceptCommand.Create(environment),
            LinksCommand.Create(environment),
            SendCommand.Create(environment),
            InboxCommand.Create(environment),
            OutboxCommand.Create(environment),
            StatusCommand.Create(environment),
            DirectoryCommand.Create(environment),
            CounterpartsCommand.Create(environment),
            RequestCommand.Create(environment),
            RespondCommand.Create(environment),
            RequestsCommand.Create(environment),
            DisagreementsCommand.Create(environment),
            SuspensionCommands.CreateSuspend(environment),
            SuspensionCommands.CreateResume(environment),
            ReportCommand.Create(environment),
            NotificationsCommand.Create(environment),
            EvidenceCommand.Create(environment),
            DemoCommand.Create(environment),
            WitnessCommand.Create(environment),
        };
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code (docs/cli.md).</summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var parseResult = CreateRootCommand(environment).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            return ReportUsageErrors(parseResult, environment.Error);
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            // `hotline run` handles SIGINT/SIGTERM itself (graceful stop); the other commands may simply die.
            ProcessTerminationTimeout = null,
        };
        return await parseResult.InvokeAsync(invocation, cancellationToken);
    }

    private static int ReportUsageErrors(ParseResult parseResult, TextWriter error)
    {
        var commandPath = new Stack<string>();
        for (SymbolResult? result = parseResult.CommandResult; result is CommandResult command; result = command.Parent)
        {
            commandPath.Push(command.Command.Name);
        }

        // An unrecognized word (a typo in a command or flag) makes every other error a consequence of it.
        var messages = parseResult.UnmatchedTokens.Count > 0
            ? parseResult.UnmatchedTokens.Select(token => $"unrecognized command or argument '{token}'").ToList()
            : parseResult.Errors.Select(e => e.Message).ToList();
        var hint = $" (see: {string.Join(' ', commandPath)} --help)";
        for (var i = 0; i < messages.Count; i++)
        {
            CliOutput.WriteError(error, i == messages.Count - 1 ? messages[i] + hint : messages[i]);
        }

        return ExitCodes.Usage;
    }
}
