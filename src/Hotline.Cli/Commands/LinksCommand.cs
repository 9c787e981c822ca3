using System.CommandLine;
using Hotline.Node.Api;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline links --data DIR</c>: the node's links with their state and backlog.</summary>
internal static class LinksCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();

        var command = new Command("links", "List this node's links: peer, state, backlog, last contact")
        {
            data, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var links = await node.GetLinksAsync(cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJsonArray(
                    links.Select(link => new LinkSummaryJson(
                        link.Id, link.Peer, link.State, link.Backlog, link.LastContactAt, link.OldestUndeliveredAt, link.SafetyNumber)),
                    CliJsonContext.Compact.LinkSummaryJson);
            }
            else
            {
                WriteTable(output, links, environment.Time.GetUtcNow(), showSafetyNumbers: true);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The links table, shared with <c>hotline status</c>.</summary>
    public static void WriteTable(CliOutput output, IReadOnlyList<LinkDto> links, DateTimeOffset now, bool showSafetyNumbers)
    {
        if (links.Count == 0)
        {
            output.WriteLine("no links yet (pair with another node: 'hotline invite' here, 'hotline accept TOKEN' there)");
            return;
        }

        var table = new TextTable("ID", "PEER", "STATE", "BACKLOG", "OLDEST UNDELIVERED", "LAST CONTACT");
        foreach (var link in links)
        {
            table.Add(
                link.Id,
                link.Peer,
                link.State,
                HumanFormat.Number(link.Backlog),
                link.OldestUndeliveredAt is { } oldest ? "waiting " + HumanFormat.Duration(now - oldest) : HumanFormat.None,
                HumanFormat.Ago(link.LastContactAt, now));
        }

        table.Flush(output.Writer);

        // A suspension is a formal, political act: it is shown on its own line, never as a column to miss.
        foreach (var link in links.Where(l => l.Suspension is not null))
        {
            output.WriteLine($"SUSPENDED  {link.Peer}: {link.Suspension}");
        }

        if (showSafetyNumbers)
        {
            output.WriteLine();
            output.WriteLine("safety numbers (compare with each peer's operator by phone):");
            foreach (var link in links)
            {
                output.WriteLine($"  {link.Peer}: {link.SafetyNumber}");
            }
        }
    }
}
