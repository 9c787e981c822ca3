using Hotline.Domain.Deadlines;
using Hotline.Domain.Escalation;

namespace Hotline.Node;

/// <summary>
/// The hotline's settings (configuration section <c>Hotline</c>: <c>DATA/config.json</c> or <c>HOTLINE_Hotline__…</c>
/// variables; docs/configuration.md): deadlines by precedence, per link by the peer's name; the escalation policy for
/// requests received; webhooks; how often the deadline monitor looks.
/// </summary>
public sealed class HotlineOptions
{
    public const string Section = "Hotline";

    /// <summary>Deadlines of the requests this node sends, unless its link has its own.</summary>
    public DeadlineOptions Deadlines { get; set; } = new();

    /// <summary>Per-link settings, by the peer node's name.</summary>
    public Dictionary<string, LinkOptions> Links { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The ordered steps run for a received request until someone acknowledges it; unset: the watch officers,
    /// after 5 minutes the duty director, after 15 more the admins. (Null, not a default list: configuration binding
    /// appends to a list it finds.)</summary>
    public List<EscalationStepOptions>? Escalation { get; set; }

    /// <summary>Where notifications are POSTed, signed with the node's key.</summary>
    public List<WebhookOptions> Webhooks { get; set; } = [];

    /// <summary>How often the deadline monitor checks deadlines and escalation.</summary>
    public TimeSpan MonitorInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Witnesses that cosign this node's outbound checkpoints (docs/witness.md).</summary>
    public List<Witnessing.WitnessOptions> Witnesses { get; set; } = [];

    /// <summary>How many witness cosignatures make a checkpoint witnessed; unset: all configured witnesses.</summary>
    public int? WitnessQuorum { get; set; }

    /// <summary>Longest wait between two attempts to reach a witness that failed.</summary>
    public TimeSpan WitnessRetryCap { get; set; } = TimeSpan.FromSeconds(30);

    public DeadlinePolicy DeadlinesFor(string peerName)
        => (Links.TryGetValue(peerName, out var link) ? link.Deadlines : null)?.ToPolicy(Deadlines.ToPolicy(DeadlinePolicy.Default)) ?? Deadlines.ToPolicy(DeadlinePolicy.Default);

    public EscalationPolicy EscalationPolicy() => Escalation is null
        ? new([
            EscalationStep.NotifyRoles(TimeSpan.FromMinutes(5), "watch-officer"),
            EscalationStep.NotifyRoles(TimeSpan.FromMinutes(15), "duty-director"),
            EscalationStep.NotifyRoles(TimeSpan.Zero, "admin"),
        ])
        : new([.. Escalation.Select(s => new EscalationStep(s.Operators, s.Roles, s.Wait))]);

    /// <summary>Everything wrong with the settings, so a node refuses to start on a bad configuration.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        problems.AddRange(Deadlines.ToPolicy(DeadlinePolicy.Default).Validate());
        foreach (var (peer, link) in Links)
        {
            problems.AddRange(DeadlinesFor(peer).Validate().Select(p => $"Link {peer}: {p}"));
        }

        problems.AddRange(EscalationPolicy().Validate().Select(p => "Escalation: " + p));
        foreach (var hook in Webhooks)
        {
            if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                problems.Add($"Webhook URL '{hook.Url}' is not an absolute http(s) URL.");
            }
        }

        if (MonitorInterval <= TimeSpan.Zero)
        {
            problems.Add("MonitorInterval must be positive.");
        }

        problems.AddRange(Witnessing.WitnessOptions.Validate(Witnesses, WitnessQuorum, WitnessRetryCap));

        return problems;
    }
}

public sealed class LinkOptions
{
    public DeadlineOptions? Deadlines { get; set; }
}

/// <summary>Acknowledgment windows by precedence and the response window; unset ones fall back.</summary>
public sealed class DeadlineOptions
{
    public TimeSpan? Flash { get; set; }

    public TimeSpan? Immediate { get; set; }

    public TimeSpan? Priority { get; set; }

    public TimeSpan? Routine { get; set; }

    public TimeSpan? Response { get; set; }

    public DeadlinePolicy ToPolicy(DeadlinePolicy fallback) => new()
    {
        Flash = Flash ?? fallback.Flash,
        Immediate = Immediate ?? fallback.Immediate,
        Priority = Priority ?? fallback.Priority,
        Routine = Routine ?? fallback.Routine,
        Response = Response ?? fallback.Response,
    };
}

public sealed class EscalationStepOptions
{
    public List<string> Operators { get; set; } = [];

    public List<string> Roles { get; set; } = [];

    /// <summary>How long to wait after this step before the next.</summary>
    public TimeSpan Wait { get; set; }
}

public sealed class WebhookOptions
{
    public string Url { get; set; } = "";
}
