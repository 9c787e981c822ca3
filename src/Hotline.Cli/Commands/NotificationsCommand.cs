using System.CommandLine;
using System.Globalization;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline notifications --data DIR [--after N]</c>: what the node raised (escalation steps, overdue requests, suspensions...), in order.</summary>
internal static class NotificationsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var after = CommonOptions.Parsed<long>(
            "--after", "N", "Only notifications with an id above N (the last one seen), to follow them; default: all",
            (string text, out long n) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out n),
            "a notification id, a whole number from 0");
        var json = CommonOptions.Json();

        var command = new Command("notifications", "List the node's notifications (escalation steps, overdue requests, suspensions) in order")
        {
            data, after, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var notifications = node.ReadNotificationsAsync(parseResult.GetValue(after) ?? 0, cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                await output.WriteJsonArrayAsync(notifications, CliJsonContext.Compact.NotificationDto, cancellationToken);
                return ExitCodes.Success;
            }

            var table = new TextTable("ID", "AT", "KIND", "LINK", "REQUEST", "TO", "TEXT");
            var count = 0;
            await foreach (var n in notifications)
            {
                table.Add(
                    HumanFormat.Number(n.Id),
                    HumanFormat.Timestamp(n.At),
                    n.Kind,
                    n.Link ?? HumanFormat.None,
                    n.Request ?? HumanFormat.None,
                    n.Recipients,
                    n.Text.ReplaceLineEndings(" "));
                if (++count % 1000 == 0)
                {
                    table.Flush(output.Writer);
                }
            }

            if (count == 0)
            {
                output.WriteLine("no notifications");
                return ExitCodes.Success;
            }

            table.Flush(output.Writer);
            return ExitCodes.Success;
        });
        return command;
    }
}
