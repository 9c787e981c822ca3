using System.CommandLine;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline counterparts --data DIR --link LINK --for POSITION</c>: the peer's positions ranked as counterparts for one of ours.</summary>
internal static class CounterpartsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var link = CommonOptions.Link(required: true, "The link to the other party: its id or the peer node's name");
        var position = CommonOptions.Text("--for", "POSITION", "One of our positions (its id in our directory)", required: true);
        var json = CommonOptions.Json();

        var command = new Command("counterparts", "Rank the other party's positions as counterparts for one of ours, with the reasons")
        {
            data, link, position, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var candidates = await node.GetCounterpartsAsync(parseResult.GetRequiredValue(link), parseResult.GetRequiredValue(position), cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJsonArray(
                    candidates.Select(c => new CounterpartJson(c.Position, c.Principal, c.Rank, c.Reasons)), CliJsonContext.Compact.CounterpartJson);
                return ExitCodes.Success;
            }

            if (candidates.Count == 0)
            {
                output.WriteLine("no candidates: the peer's directory lists no positions yet");
                return ExitCodes.Success;
            }

            var table = new TextTable("RANK", "POSITION", "PRINCIPAL", "TITLE", "REASONS");
            foreach (var c in candidates)
            {
                table.Add(HumanFormat.Number(c.Rank), c.Position, c.Principal ?? HumanFormat.None, c.Title, string.Join("; ", c.Reasons));
            }

            table.Flush(output.Writer);
            return ExitCodes.Success;
        });
        return command;
    }
}
