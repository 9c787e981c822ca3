using System.CommandLine;
using System.Globalization;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline invite --data DIR [--expires MINUTES]</c>: creates a one-time invitation for another node.</summary>
internal static class InviteCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var expires = new Option<int?>("--expires")
        {
            Description = "Minutes until the invitation expires (default: the node's setting)",
            HelpName = "MINUTES",
            // A parser rather than a validator: validators also run when the value did not convert.
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes > 0)
                {
                    return minutes;
                }

                result.AddError($"--expires needs a positive whole number of minutes (got '{text}')");
                return null;
            },
        };
        var json = CommonOptions.Json();

        var command = new Command("invite", "Create an invitation token; give it to the other node's operator, who runs 'hotline accept'")
        {
            data, expires, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var invitation = await node.CreateInvitationAsync(parseResult.GetValue(expires), cancellationToken);

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
