using System.CommandLine;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline status --data DIR</c>: the node's name, URL and links at a glance.</summary>
internal static class StatusCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var json = CommonOptions.Json();

        var command = new Command("status", "Show the running node: name, listen URL, links with backlog and last contact")
        {
            data, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var status = await node.GetStatusAsync(cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJson(status, CliJsonContext.Indented.NodeStatusDto);
                return ExitCodes.Success;
            }

            output.WriteLine($"node    {status.Name}");
            output.WriteLine($"listen  {status.Url}");
            output.WriteLine($"links   {HumanFormat.Number(status.Links.Count)}");
            output.WriteLine();
            LinksCommand.WriteTable(output, status.Links, environment.Time.GetUtcNow(), showSafetyNumbers: false);
            return ExitCodes.Success;
        });
        return command;
    }
}
