using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hotline.Node.Api;

namespace Hotline.Cli.Scenarios;

/// <summary>A scenario step that did not hold: the scenario stops there, and the demo fails with this message.</summary>
internal sealed class ScenarioFailedException(string message) : Exception(message)
{
    public ScenarioFailedException() : this("The scenario failed.")
    {
    }

    public ScenarioFailedException(string message, Exception inner) : this(message + " " + inner.Message)
    {
    }
}

/// <summary>
/// Plays a <see cref="ScenarioFile"/> against two running, paired nodes through their operator APIs, step by step,
/// narrating each with the time since the start. Only the API is used, so a scenario is exactly what operators could
/// have done by hand. Expectations poll until they hold or their time runs out.
/// </summary>
internal sealed class ScenarioPlayer(IReadOnlyDictionary<string, NodeClient> nodes, CliOutput output, Action<ReportDto> printReport)
{
    private static readonly TimeSpan s_defaultWithin = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, string> _requests = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();

    /// <summary>Loads and checks a scenario file; a clear error names what is wrong.</summary>
    public static ScenarioFile Load(string path)
    {
        ScenarioFile? scenario;
        try
        {
            using var stream = File.OpenRead(path);
            scenario = JsonSerializer.Deserialize(stream, ScenarioJsonContext.Default.ScenarioFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new CliException($"cannot read the scenario {path}: {ex.Message}");
        }

        if (scenario is null || scenario.Parties.Count != 2)
        {
            throw new CliException($"the scenario {path} must name exactly two parties");
        }

        for (var i = 0; i < scenario.Steps.Count; i++)
        {
            var step = scenario.Steps[i];
            var kinds = new object?[] { step.Say, step.Wait, step.Request, step.Respond, step.Message, step.Suspend, step.Resume, step.Expect, step.Report ? true : null }
                .Count(x => x is not null);
            var acting = step.Request is not null || step.Respond is not null || step.Message is not null || step.Suspend is not null || step.Resume is not null || step.Report;
            if (kinds != 1 || (acting && (step.Node is null || !scenario.Parties.ContainsKey(step.Node)))
                || (step.Expect is { } e && !scenario.Parties.ContainsKey(e.Node)))
            {
                throw new CliException($"step {i + 1} of {path} must do exactly one thing, and name one of the two parties as its node");
            }
        }

        return scenario;
    }

    public async Task PlayAsync(ScenarioFile scenario, CancellationToken cancellationToken)
    {
        _clock.Start();
        output.WriteLine($"scenario: {scenario.Title}");
        for (var i = 0; i < scenario.Steps.Count; i++)
        {
            try
            {
                await PlayAsync(scenario.Steps[i], cancellationToken);
            }
            catch (Exception ex) when (ex is CliException or ScenarioFailedException)
            {
                throw new ScenarioFailedException($"step {i + 1} failed: {ex.Message}");
            }
        }
    }

    private async Task PlayAsync(ScenarioStep step, CancellationToken cancellationToken)
    {
        if (step.Say is { } say)
        {
            output.WriteLine();
            Narrate(say);
            return;
        }

        if (step.Wait is { } wait)
        {
            await Task.Delay(wait, cancellationToken);
            return;
        }

        if (step.Expect is { } expectation)
        {
            await ExpectAsync(expectation, cancellationToken);
            return;
        }

        var name = step.Node!;
        var api = nodes[name];
        var actor = step.As ?? "demo";
        var peer = nodes.Keys.Single(k => k != name);
        if (step.Request is { } r)
        {
            var now = DateTimeOffset.UtcNow;
            var opened = await api.OpenRequestAsync(new OpenRequestDto(peer, r.From, r.To, r.Kind, r.Purpose, r.Precedence,
                r.WindowFromIn is { } wf ? now + wf : null, r.WindowToIn is { } wt ? now + wt : null, r.ExpiresIn is { } e ? now + e : null,
                r.Follows is { } f ? Id(f) : null), actor, cancellationToken);
            _requests[r.Key] = opened.Id;
            Narrate($"{name} ({actor}): {opened.Precedence} {opened.Kind} request {r.Key} [{Short(opened.Id)}] {opened.From} → {opened.To}, attempt {opened.Attempt}, " +
                $"acknowledge by {opened.AckDeadline:HH:mm:ss}Z");
        }
        else if (step.Respond is { } a)
        {
            var result = await api.ActOnRequestAsync(Id(a.Request), new RequestActionDto(a.Action, a.Reason, a.Code, a.Counterpart,
                a.AtIn is { } at ? DateTimeOffset.UtcNow + at : null, a.Channel), actor, cancellationToken);
            Narrate($"{name} ({actor}): {a.Action} {a.Request}{(a.Reason is null ? "" : $" — \"{a.Reason}\"")} → {result.State}");
        }
        else if (step.Message is { } m)
        {
            await api.SendMessagesAsync(new SendMessagesRequest(peer, m.Precedence, null, m.To, [m.Body]), actor, cancellationToken);
            Narrate($"{name} ({actor}): {m.Precedence ?? "ROUTINE"} message: {m.Body}");
        }
        else if (step.Suspend is { } reason || step.Resume is { } _)
        {
            var suspend = step.Suspend is not null;
            await api.SetSuspensionAsync(peer, suspend, step.Suspend ?? step.Resume!, actor, cancellationToken);
            Narrate($"{name} ({actor}): {(suspend ? "suspends" : "resumes")} the link — \"{step.Suspend ?? step.Resume}\"");
        }
        else if (step.Report)
        {
            output.WriteLine();
            printReport(await api.GetReportAsync(null, null, cancellationToken));
        }
    }

    private async Task ExpectAsync(ScenarioExpectation expect, CancellationToken cancellationToken)
    {
        var api = nodes[expect.Node];
        var deadline = DateTimeOffset.UtcNow + (expect.Within ?? s_defaultWithin);
        while (true)
        {
            var unmet = await UnmetAsync(api, expect, cancellationToken);
            if (unmet is null)
            {
                await NarrateEscalationsAsync(api, expect, cancellationToken);
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new ScenarioFailedException($"at {expect.Node}, expected {unmet}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>After an expectation about escalation, shows the steps taken (what the duty officers were told).</summary>
    private async Task NarrateEscalationsAsync(NodeClient api, ScenarioExpectation expect, CancellationToken cancellationToken)
    {
        if (expect.Escalations is null || expect.Request is not { } key)
        {
            return;
        }

        var id = Id(key);
        await foreach (var n in api.ReadNotificationsAsync(0, cancellationToken))
        {
            if (n.Request == id && n.Kind is "escalation" or "overdue")
            {
                Narrate($"{expect.Node} {n.Kind} → {n.Recipients}: {n.Text}");
            }
        }
    }

    /// <summary>What does not hold yet, or null when everything does.</summary>
    private async Task<string?> UnmetAsync(NodeClient api, ScenarioExpectation expect, CancellationToken cancellationToken)
    {
        if (expect.Request is { } key)
        {
            ContactRequestDto request;
            try
            {
                request = await api.GetRequestAsync(Id(key), cancellationToken);
            }
            catch (CliException)
            {
                return $"request {key} to have arrived";
            }

            if (expect.State is { } state && request.State != state)
            {
                return $"request {key} to be {state}, but it is {request.State}";
            }

            if (expect.Overdue is { } overdue && request.Overdue != overdue)
            {
                return $"request {key} {(overdue ? "" : "not ")}to be overdue";
            }

            if (expect.Attempt is { } attempt && request.Attempt != attempt)
            {
                return $"request {key} to be attempt {attempt}, but it is attempt {request.Attempt}";
            }

            if (expect.Escalations is { } escalations)
            {
                var taken = 0;
                await foreach (var n in api.ReadNotificationsAsync(0, cancellationToken))
                {
                    taken += n.Kind == "escalation" && n.Request == request.Id ? 1 : 0;
                }

                if (taken < escalations)
                {
                    return $"{escalations} escalation steps for request {key}, but {taken} were taken";
                }
            }
        }

        if (expect.Disagreements is { } disagreements && (await api.GetDisagreementsAsync(null, cancellationToken)).Count < disagreements)
        {
            return $"{disagreements} counterpart disagreement(s) on record";
        }

        if (expect.Report is { } figures)
        {
            var report = await api.GetReportAsync(null, null, cancellationToken);
            var actual = report.Links.Count == 1
                ? JsonSerializer.SerializeToElement(report.Links[0].Figures, CliJsonContext.Compact.FiguresDto)
                : default;
            foreach (var (name, value) in figures)
            {
                if (actual.ValueKind != JsonValueKind.Object || !actual.TryGetProperty(name, out var got) || got.ValueKind != JsonValueKind.Number)
                {
                    return $"a report figure '{name}' (no such figure, or no link in the report)";
                }

                if (got.GetInt32() != value)
                {
                    return $"the report to count {value} {name}, but it counts {got.GetInt32()}";
                }
            }
        }

        return null;
    }

    private string Id(string key) => _requests.TryGetValue(key, out var id) ? id : throw new ScenarioFailedException($"no request has the key '{key}' yet");

    /// <summary>The end of an id: its random part (the start is a timestamp that requests sent together share).</summary>
    private static string Short(string id) => id[^8..];

    private void Narrate(string text)
        => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[+{_clock.Elapsed:mm\\:ss}] {text}"));
}
