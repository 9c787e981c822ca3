using System.CommandLine;
using System.Globalization;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline invite --data DIR [--expires MINUTES] [--as NAME]</c>: creates a one-time invitation for another node.</summary>
internal static class InviteCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var expires = CommonOptions.Parsed<int>(
            "--expires", "MINUTES", "Minutes until the invitation expires (default: the node's setting)",
            (string text, out int minutes) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out minutes) && minutes > 0,
            "a positive whole number of minutes");
        var actor = CommonOptions.Operator();
        var json = CommonOptions.Json();

        var command = new Command("invite", "Create an invitation token; give it to the other node's operator, who runs 'hotline accept'")
        {
            data, expires, actor, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var invitation = await node.CreateInvitationAsync(parseResult.GetValue(expires), parseResult.GetRequiredValue(actor), cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJson(new InvitationJson(invitation.Token, invitation.ExpiresAt), CliJsonContext.Indented.InvitationJson);
            }
            else
            {
                // The token alone, so that TOKEN=$(hotline invite ...) works.
                output.WriteLine(invitation.Token);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
