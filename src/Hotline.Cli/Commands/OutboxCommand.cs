using System.CommandLine;
using System.Globalization;
using Hotline.Node.Api;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline outbox --data DIR [--link LINK]</c>: sent messages in submit order, with their delivery state.</summary>
internal static class OutboxCommand
{
    private const string Delivered = "delivered";
    private const int RowsPerFlush = 1000;

    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var link = CommonOptions.Link(required: false, "Only this link (its id or the peer node's name); default: every link");
        var json = CommonOptions.Json();

        var command = new Command("outbox", "List sent messages in submit order: queued, sent or delivered, and how long undelivered ones have waited")
        {
            data, link, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var messages = node.ReadOutboxAsync(parseResult.GetValue(link), cancellationToken);
            var output = environment.Output(parseResult.GetValue(json));
            var now = environment.Time.GetUtcNow();

            if (output.Json)
            {
                using var array = output.BeginJsonArray(CliJsonContext.Compact.OutboxItemDto);
                await foreach (var m in messages)
                {
                    array.Write(m with { WaitingSeconds = WaitingSeconds(m, now) });
                }

                return ExitCodes.Success;
            }

            var table = new TextTable("ID", "LINK", "SEQ", "PRECEDENCE", "STATE", "SUBMITTED", "WAITING");
            var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var total = 0L;
            double? longestWait = null;
            await foreach (var m in messages)
            {
                var waiting = WaitingSeconds(m, now);
                table.Add(
                    m.Id,
                    m.Link,
                    m.Sequence is { } sequence ? HumanFormat.Number(sequence) : HumanFormat.None,
                    m.Precedence,
                    m.State,
                    HumanFormat.Timestamp(m.SubmittedAt),
                    waiting is { } seconds ? HumanFormat.Duration(TimeSpan.FromSeconds(seconds)) : HumanFormat.None);
                counts[m.State] = counts.GetValueOrDefault(m.State) + 1;
                longestWait = waiting > (longestWait ?? -1) ? waiting : longestWait;
                if (++total % RowsPerFlush == 0)
                {
                    table.Flush(output.Writer);
                }
            }

            if (total == 0)
            {
                output.WriteLine("no messages");
                return ExitCodes.Success;
            }

            table.Flush(output.Writer);
            output.WriteLine();
            var summary = string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Value} {c.Key}")));
            output.WriteLine(longestWait is { } longest
                ? $"{summary}; the oldest undelivered message has waited {HumanFormat.Duration(TimeSpan.FromSeconds(longest))}"
                : $"{summary}; nothing is waiting");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>How long an undelivered message has waited: the node's figure, else computed from its submit time.</summary>
    private static double? WaitingSeconds(OutboxItemDto message, DateTimeOffset now) =>
        string.Equals(message.State, Delivered, StringComparison.OrdinalIgnoreCase)
            ? null
            : message.WaitingSeconds ?? Math.Max(0, Math.Floor((now - message.SubmittedAt).TotalSeconds));
}
