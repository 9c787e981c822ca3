using System.CommandLine;
using System.Globalization;
using Hotline.Domain.ContactRequests;
using Hotline.Node.Api;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline requests --data DIR [--link LINK] [--state STATE]</c>: contact requests with their state and deadlines;
/// <c>hotline requests show --data DIR REQUEST_ID</c>: one request with its whole history.
/// </summary>
internal static class RequestsCommand
{
    private const string States = "sent, delivered, acknowledged, accepted, declined, countered, completed, missed, withdrawn, expired or cancelled";

    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var link = CommonOptions.Link(required: false, "Only this link (its id or the peer node's name); default: every link");
        var state = CommonOptions.Choice("--state", "STATE", "Only requests in this state: " + States, "state", States,
            text => ContactRequestStateNames.TryParse(text, out var s) ? s.ToName() : null);
        var json = CommonOptions.Json();

        var command = new Command("requests", "List contact requests, both ways: state, attempt, acknowledgment deadline, overdue ones marked")
        {
            data, link, state, json,
            CreateShow(environment),
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var requests = await node.GetRequestsAsync(parseResult.GetValue(link), parseResult.GetValue(state), cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJsonArray(
                    requests.Select(r => new RequestSummaryJson(
                        r.Id, r.Link, r.From, r.To, r.Kind, r.Precedence, r.State, r.Attempt, r.AckDeadline, r.Overdue, r.History)),
                    CliJsonContext.Compact.RequestSummaryJson);
                return ExitCodes.Success;
            }

            if (requests.Count == 0)
            {
                output.WriteLine("no contact requests");
                return ExitCodes.Success;
            }

            var now = environment.Time.GetUtcNow();
            var ids = RequestIds.Shorten(requests.Select(r => r.Id));
            var table = new TextTable("ID", "LINK", "FROM -> TO", "KIND", "PRECEDENCE", "STATE", "ATTEMPT", "ACK DEADLINE", "");
            foreach (var r in requests)
            {
                table.Add(
                    ids[r.Id],
                    r.Peer,
                    $"{r.From} -> {r.To}",
                    r.Kind,
                    r.Precedence,
                    r.State,
                    HumanFormat.Number(r.Attempt),
                    HumanFormat.TimestampFromNow(r.AckDeadline, now),
                    OverdueMarker(r));
            }

            table.Flush(output.Writer);
            var overdue = requests.Count(r => r.Overdue);
            output.WriteLine();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{requests.Count} requests, {overdue} overdue (details: hotline requests show --data {HumanFormat.ShellWord(parseResult.GetRequiredValue(data))} ID)"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateShow(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var id = RequestIds.Argument();
        var json = CommonOptions.Json();

        var command = new Command("show", "Show one contact request: its details, deadlines, full history (who, when), superseded actions and what can be done now")
        {
            data, id, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var request = await node.GetRequestAsync(parseResult.GetRequiredValue(id).Trim(), cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJson(request, CliJsonContext.Indented.ContactRequestDto);
            }
            else
            {
                WriteRequest(output, request, environment.Time.GetUtcNow());
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>"OVERDUE (acknowledgment)", "OVERDUE (answer)" or nothing.</summary>
    private static string OverdueMarker(ContactRequestDto request) =>
        !request.Overdue ? "" : request.OverdueFor is { } what ? $"OVERDUE ({what})" : "OVERDUE";

    private static void WriteRequest(CliOutput output, ContactRequestDto r, DateTimeOffset now)
    {
        var fields = new TextTable("REQUEST", r.Id);
        fields.Add("link", $"{r.Peer} ({r.Link}); we are the {r.Side}");
        fields.Add("from -> to", $"{r.From} -> {r.To}");
        fields.Add("kind", $"{r.Kind}, {r.Precedence}");
        fields.Add("purpose", r.Purpose.ReplaceLineEndings(" "));
        fields.Add("state", r.Overdue ? $"{r.State}  {OverdueMarker(r)}" : r.State);
        fields.Add("engagement", string.Create(CultureInfo.InvariantCulture, $"{r.Engagement}, attempt {r.Attempt}"));
        fields.Add("sent", $"{HumanFormat.Timestamp(r.SentAt)} by {r.SentBy}");
        fields.Add("acknowledge by", HumanFormat.TimestampFromNow(r.AckDeadline, now));
        fields.Add("answer by", HumanFormat.TimestampFromNow(r.AnswerDeadline, now));
        if (r.ExpiresAt is { } expires)
        {
            fields.Add("expires", HumanFormat.TimestampFromNow(expires, now));
        }

        if (r.WindowFrom is not null || r.WindowTo is not null)
        {
            fields.Add("window", $"{HumanFormat.Timestamp(r.WindowFrom)} to {HumanFormat.Timestamp(r.WindowTo)}");
        }

        if (r.Follows is { } follows)
        {
            fields.Add("follows", follows);
        }

        if (r.ProposedCounterpart is not null || r.ProposedAt is not null)
        {
            fields.Add("proposed", $"counterpart {r.ProposedCounterpart ?? HumanFormat.None}, at {HumanFormat.Timestamp(r.ProposedAt)}");
        }

        if (r.AgreedCounterpart is not null || r.AgreedAt is not null || r.AgreedChannel is not null)
        {
            fields.Add("agreed", $"counterpart {r.AgreedCounterpart ?? HumanFormat.None}, at {HumanFormat.Timestamp(r.AgreedAt)}, via {r.AgreedChannel ?? HumanFormat.None}");
        }

        fields.Add("allowed now", r.Allowed.Count > 0 ? string.Join(", ", r.Allowed) : "nothing (no action of ours applies)");
        fields.Flush(output.Writer);

        output.WriteLine();
        output.WriteLine("history:");
        var history = new TextTable("AT", "SIDE", "WHO", "ACTION", "FROM -> TO", "DETAILS");
        foreach (var t in r.History)
        {
            history.Add(HumanFormat.Timestamp(t.At), t.Side, t.Who, t.Action, $"{t.From} -> {t.To}", t.Details?.ReplaceLineEndings(" ") ?? "");
        }

        history.Flush(output.Writer);

        if (r.Superseded.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("superseded (recorded, but not applied):");
            var superseded = new TextTable("AT", "SIDE", "WHO", "ACTION", "WHY");
            foreach (var s in r.Superseded)
            {
                superseded.Add(HumanFormat.Timestamp(s.At), s.Side, s.Who, s.Action, s.Reason.ReplaceLineEndings(" "));
            }

            superseded.Flush(output.Writer);
        }
    }
}
