using System.CommandLine;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline disagreements --data DIR [--link LINK]</c>: counter-proposals that named another counterpart than the one asked for.</summary>
internal static class DisagreementsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var link = CommonOptions.Link(required: false, "Only this link (its id or the peer node's name); default: every link");
        var json = CommonOptions.Json();

        var command = new Command("disagreements", "List counterpart disagreements: asked for one position, proposed another, when and by whom")
        {
            data, link, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var disagreements = await node.GetDisagreementsAsync(parseResult.GetValue(link), cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJsonArray(disagreements, CliJsonContext.Compact.DisagreementDto);
                return ExitCodes.Success;
            }

            if (disagreements.Count == 0)
            {
                output.WriteLine("no counterpart disagreements");
                return ExitCodes.Success;
            }

            var ids = RequestIds.Shorten(disagreements.Select(d => d.Request));
            var table = new TextTable("REQUEST", "LINK", "ASKED FOR", "PROPOSED", "AT", "BY", "NOTE");
            foreach (var d in disagreements)
            {
                table.Add(ids[d.Request], d.Link, d.AskedFor, d.Proposed, HumanFormat.Timestamp(d.At), d.ProposedBy, d.Text?.ReplaceLineEndings(" ") ?? "");
            }

            table.Flush(output.Writer);
            return ExitCodes.Success;
        });
        return command;
    }
}
