using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Hotline.Node.Api;

namespace Hotline.Cli.Scenarios;

// A scenario file (docs/scenario.md): two parties with their directories and settings, then steps played in order
// against two real nodes. Requests are named by a key local to the file; durations are "hh:mm:ss[.fff]".

public sealed record ScenarioFile
{
    public required string Title { get; init; }

    /// <summary>Exactly two parties, by node name; the first invites, the second accepts.</summary>
    public required IReadOnlyDictionary<string, ScenarioParty> Parties { get; init; }

    public required IReadOnlyList<ScenarioStep> Steps { get; init; }
}

public sealed record ScenarioParty
{
    public required DirectoryDocumentDto Directory { get; init; }

    /// <summary>Written as the node's DATA/config.json (docs/configuration.md): compressed deadlines and escalation.</summary>
    public JsonObject? Config { get; init; }
}

/// <summary>One step: exactly one of say, wait, request, respond, message, suspend, resume, expect, report.</summary>
public sealed record ScenarioStep
{
    /// <summary>Narration printed as is.</summary>
    public string? Say { get; init; }

    public TimeSpan? Wait { get; init; }

    /// <summary>The node that acts (request, respond, message, suspend, resume, report).</summary>
    public string? Node { get; init; }

    /// <summary>The operator the action is recorded as.</summary>
    public string? As { get; init; }

    public ScenarioRequest? Request { get; init; }

    public ScenarioResponse? Respond { get; init; }

    public ScenarioMessage? Message { get; init; }

    public string? Suspend { get; init; }

    public string? Resume { get; init; }

    public ScenarioExpectation? Expect { get; init; }

    /// <summary>Print the node's engagement report.</summary>
    public bool Report { get; init; }
}

public sealed record ScenarioRequest
{
    public required string Key { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public required string Kind { get; init; }

    public required string Purpose { get; init; }

    public string? Precedence { get; init; }

    /// <summary>Window relative to the moment the step runs.</summary>
    public TimeSpan? WindowFromIn { get; init; }

    public TimeSpan? WindowToIn { get; init; }

    public TimeSpan? ExpiresIn { get; init; }

    /// <summary>The key of the cancelled request this one re-proposes.</summary>
    public string? Follows { get; init; }
}

public sealed record ScenarioResponse
{
    public required string Request { get; init; }

    public required string Action { get; init; }

    public string? Reason { get; init; }

    public string? Code { get; init; }

    public string? Counterpart { get; init; }

    public TimeSpan? AtIn { get; init; }

    public string? Channel { get; init; }
}

public sealed record ScenarioMessage
{
    public string? To { get; init; }

    public string? Precedence { get; init; }

    public required string Body { get; init; }
}

/// <summary>Waits (up to <see cref="Within"/>, default 30 s) until everything stated holds at <see cref="Node"/>.</summary>
public sealed record ScenarioExpectation
{
    public required string Node { get; init; }

    public string? Request { get; init; }

    public string? State { get; init; }

    public bool? Overdue { get; init; }

    public int? Attempt { get; init; }

    /// <summary>At least this many escalation steps taken for the request.</summary>
    public int? Escalations { get; init; }

    /// <summary>At least this many counterpart disagreements on record.</summary>
    public int? Disagreements { get; init; }

    /// <summary>Figures of the node's report for its one link, by name (e.g. "requests", "acknowledged").</summary>
    public IReadOnlyDictionary<string, int>? Report { get; init; }

    public TimeSpan? Within { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ScenarioFile))]
internal sealed partial class ScenarioJsonContext : JsonSerializerContext;
