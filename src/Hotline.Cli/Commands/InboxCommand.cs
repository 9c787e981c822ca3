using System.CommandLine;
using System.Globalization;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline inbox --data DIR [--link LINK]</c>: received messages, decrypted by the node, in sequence order.</summary>
internal static class InboxCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var link = CommonOptions.Link(required: false, "Only this link (its id or the peer node's name); default: every link, one after the other");
        var json = CommonOptions.Json();

        var command = new Command("inbox", "List received messages in sequence order")
        {
            data, link, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var messages = node.ReadInboxAsync(parseResult.GetValue(link), cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                await output.WriteJsonArrayAsync(messages, CliJsonContext.Compact.InboxItemDto, cancellationToken);
                return ExitCodes.Success;
            }

            var count = 0;
            await foreach (var m in messages)
            {
                if (count++ > 0)
                {
                    output.WriteLine();
                }

                var to = m.To is null ? "" : $"  to {m.To}";
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"#{m.Sequence}  {m.Precedence}  {HumanFormat.Timestamp(m.ReceivedAt)}  link {m.Link}  from {m.From}{to}  id {m.Id}"));
                string[] lines = m.Body.Length == 0 ? ["(empty message)"] : m.Body.ReplaceLineEndings("\n").Split('\n');
                foreach (var line in lines)
                {
                    output.WriteLine(("    " + line).TrimEnd());
                }
            }

            if (count == 0)
            {
                output.WriteLine("no messages");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
