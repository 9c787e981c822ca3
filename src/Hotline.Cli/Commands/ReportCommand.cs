using System.CommandLine;
using System.Globalization;
using Hotline.Node.Api;

namespace Hotline.Cli.Commands;

/// <summary><c>hotline report --data DIR [--link LINK] [--since DATE]</c>: the engagement report, per link and per pair of positions.</summary>
internal static class ReportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var link = CommonOptions.Link(required: false, "Only this link (its id or the peer node's name); default: every link");
        var since = CommonOptions.Parsed<DateTimeOffset>(
            "--since", "DATE", "Only requests sent from this day (2026-01-01, midnight UTC) or time (2026-01-01T08:00Z) on; default: all",
            TimeArgument.TryParseDayOrInstant, "a day such as 2026-01-01 or a time such as 2026-01-01T08:00Z");
        var json = CommonOptions.Json();

        var command = new Command("report", "The engagement report: requests, acknowledgments, answers, delays and last dialogues, per link and pair of positions")
        {
            data, link, since, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var report = await node.GetReportAsync(parseResult.GetValue(link), parseResult.GetValue(since), cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJson(report, CliJsonContext.Indented.ReportDto);
                return ExitCodes.Success;
            }

            Write(output, report);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The report for people: a block of figures per link, then a table per pair of positions.</summary>
    public static void Write(CliOutput output, ReportDto report)
    {
        var period = report.Since is { } from ? "requests sent since " + HumanFormat.Timestamp(from) : "all requests";
        output.WriteLine($"engagement report, {period}; made {HumanFormat.Timestamp(report.GeneratedAt)}");
        if (report.Links.Count == 0)
        {
            output.WriteLine();
            output.WriteLine("no links");
        }

        foreach (var l in report.Links)
        {
            output.WriteLine();
            WriteLink(output, l);
        }
    }

    private static void WriteLink(CliOutput output, LinkReportDto link)
    {
        var f = link.Figures;
        output.WriteLine($"link {link.Peer} ({link.Link})");
        var figures = new TextTable("", "") { WriteHeader = false, Indent = "  " };
        figures.Add("requests", HumanFormat.Number(f.Requests));
        figures.Add("engagements", HumanFormat.Number(f.Engagements));
        figures.Add("repeated attempts", HumanFormat.Number(f.RepeatedAttempts));
        figures.Add("acknowledged", $"{HumanFormat.Number(f.Acknowledged)} ({HumanFormat.Number(f.AcknowledgedWithinDeadline)} within deadline)");
        figures.Add("accepted", HumanFormat.Number(f.Accepted));
        figures.Add("declined", $"{HumanFormat.Number(f.Declined)}{DeclinedByReason(f)}");
        figures.Add("countered", HumanFormat.Number(f.Countered));
        figures.Add("expired", HumanFormat.Number(f.Expired));
        figures.Add("withdrawn", HumanFormat.Number(f.Withdrawn));
        figures.Add("cancelled", HumanFormat.Number(f.Cancelled));
        figures.Add("completed", HumanFormat.Number(f.Completed));
        figures.Add("missed", HumanFormat.Number(f.Missed));
        figures.Add("overdue now", HumanFormat.Number(f.OverdueNow));
        figures.Add("time to acknowledge", Durations(f.TimeToAcknowledge));
        figures.Add("time to answer", Durations(f.TimeToAnswer));
        figures.Add("suspended", link.SuspendedDays.ToString("0.#", CultureInfo.InvariantCulture) + " days");
        if (f.LastCompletedByLevel.Count == 0)
        {
            figures.Add("last completed dialogue", "none");
        }

        var label = "last completed dialogue";
        foreach (var last in f.LastCompletedByLevel.OrderBy(d => d.Level))
        {
            figures.Add(label, string.Create(
                CultureInfo.InvariantCulture,
                $"level {last.Level}: {last.From} with {last.With}, {HumanFormat.Timestamp(last.CompletedAt)}, {last.DaysSince} days ago (request {last.Request})"));
            label = "";
        }

        figures.Flush(output.Writer);

        if (link.Pairs.Count == 0)
        {
            return;
        }

        output.WriteLine();
        var pairs = new TextTable(
            "FROM", "TO", "REQUESTS", "ENGAGEMENTS", "REPEATED", "ACKNOWLEDGED", "IN TIME", "ACCEPTED", "DECLINED", "COUNTERED",
            "EXPIRED", "WITHDRAWN", "CANCELLED", "COMPLETED", "MISSED", "OVERDUE", "ACK MEDIAN", "ANSWER MEDIAN");
        foreach (var pair in link.Pairs)
        {
            var p = pair.Figures;
            pairs.Add(
                pair.From, pair.To,
                HumanFormat.Number(p.Requests), HumanFormat.Number(p.Engagements), HumanFormat.Number(p.RepeatedAttempts),
                HumanFormat.Number(p.Acknowledged), HumanFormat.Number(p.AcknowledgedWithinDeadline), HumanFormat.Number(p.Accepted),
                HumanFormat.Number(p.Declined), HumanFormat.Number(p.Countered), HumanFormat.Number(p.Expired),
                HumanFormat.Number(p.Withdrawn), HumanFormat.Number(p.Cancelled), HumanFormat.Number(p.Completed),
                HumanFormat.Number(p.Missed), HumanFormat.Number(p.OverdueNow),
                Seconds(p.TimeToAcknowledge.MedianSeconds), Seconds(p.TimeToAnswer.MedianSeconds));
        }

        pairs.Flush(output.Writer);
    }

    /// <summary>" (timing 2, wrong-counterpart 1, ...)", every code the node listed, or "" when none was.</summary>
    private static string DeclinedByReason(FiguresDto figures) =>
        figures.DeclinedByReason.Count == 0
            ? ""
            : " (" + string.Join(", ", figures.DeclinedByReason.Select(r => $"{r.Key} {HumanFormat.Number(r.Value)}")) + ")";

    private static string Durations(DurationDto d) => d.Count == 0
        ? "-"
        : string.Create(CultureInfo.InvariantCulture, $"median {Seconds(d.MedianSeconds)}, p90 {Seconds(d.P90Seconds)} (over {d.Count})");

    private static string Seconds(double? seconds) =>
        seconds is { } s ? HumanFormat.Duration(TimeSpan.FromSeconds(s)) : HumanFormat.None;
}
