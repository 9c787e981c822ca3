using System.CommandLine;
using Hotline.Node.Api;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline suspend --data DIR --link LINK --reason TEXT</c> and <c>hotline resume ...</c>: our party suspends contact
/// requests on a link (the peer is told, with the reason), or resumes them.
/// </summary>
internal static class SuspensionCommands
{
    public static Command CreateSuspend(CliEnvironment environment) =>
        Create(environment, suspend: true, "suspend", "Suspend contact requests on a link, with a reason the peer is told; new requests are refused until resumed");

    public static Command CreateResume(CliEnvironment environment) =>
        Create(environment, suspend: false, "resume", "Resume contact requests on a link our party suspended, with a reason the peer is told");

    private static Command Create(CliEnvironment environment, bool suspend, string name, string description)
    {
        var data = CommonOptions.Data();
        var link = CommonOptions.Link(required: true, "The link: its id or the peer node's name");
        var reason = CommonOptions.Text("--reason", "TEXT", $"Why (recorded, and sent to the peer)", required: true);
        var actor = CommonOptions.Operator();
        var json = CommonOptions.Json();

        var command = new Command(name, description)
        {
            data, link, reason, actor, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var suspension = await node.SetSuspensionAsync(
                parseResult.GetRequiredValue(link), suspend, parseResult.GetRequiredValue(reason), parseResult.GetRequiredValue(actor), cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJson(suspension, CliJsonContext.Indented.SuspensionDto);
                return ExitCodes.Success;
            }

            output.WriteLine($"link {parseResult.GetRequiredValue(link)} ({suspension.Link}): {State(suspension)}");
            WriteEvents(output, suspension.Events);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>"not suspended", or who suspended it: each side's latest event decides for that side.</summary>
    private static string State(SuspensionDto suspension)
    {
        if (!suspension.Suspended)
        {
            return "not suspended";
        }

        var standing = suspension.Events
            .GroupBy(e => e.Side, StringComparer.Ordinal)
            .Where(side => side.MaxBy(e => e.At)?.Action == "suspend")
            .Select(side => side.Key == "ours" ? "us" : "the peer")
            .Order(StringComparer.Ordinal)
            .ToList();
        return standing.Count == 0 ? "suspended" : "suspended by " + string.Join(" and ", standing);
    }

    private static void WriteEvents(CliOutput output, IReadOnlyList<SuspensionEventDto> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        output.WriteLine();
        var table = new TextTable("AT", "ACTION", "SIDE", "WHO", "REASON");
        foreach (var e in events)
        {
            table.Add(HumanFormat.Timestamp(e.At), e.Action, e.Side, e.Who, e.Reason.ReplaceLineEndings(" "));
        }

        table.Flush(output.Writer);
    }
}
