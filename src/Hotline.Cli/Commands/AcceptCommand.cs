using System.CommandLine;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline accept --data DIR TOKEN</c>: pairs this node with the node that issued the invitation.</summary>
internal static class AcceptCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var token = new Argument<string>("TOKEN")
        {
            Description = "The invitation token from the other node's operator ('hotline invite')",
        };
        var actor = CommonOptions.Operator();
        var json = CommonOptions.Json();

        var command = new Command("accept", "Accept an invitation: creates the link and shows its safety number")
        {
            data, token, actor, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var link = await node.AcceptInvitationAsync(parseResult.GetRequiredValue(token).Trim(), parseResult.GetRequiredValue(actor), cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJson(new AcceptedLinkJson(link.Link, link.Peer, link.SafetyNumber), CliJsonContext.Indented.AcceptedLinkJson);
                return ExitCodes.Success;
            }

            output.WriteLine($"linked with '{link.Peer}' (link {link.Link})");
            output.WriteLine();
            output.WriteLine("    SAFETY NUMBER");
            output.WriteLine($"    {link.SafetyNumber}");
            output.WriteLine();
            output.WriteLine($"Call the operator of '{link.Peer}' by phone and read the safety number aloud; they see it with");
            output.WriteLine("'hotline links'. Send nothing over this link unless both numbers are identical.");
            return ExitCodes.Success;
        });
        return command;
    }
}
