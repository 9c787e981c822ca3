using System.CommandLine;
using Hotline.Domain.ContactRequests;
using Hotline.Node.Api;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline respond --data DIR REQUEST_ID ACTION [--reason TEXT] [--code CODE] [--counterpart POSITION] [--at TIME]
/// [--channel TEXT] [--link LINK]</c>: one action on a contact request (acknowledge, accept, decline, counter...).
/// </summary>
internal static class RespondCommand
{
    /// <summary>The actions an operator takes; delivery and expiry are recorded by the nodes themselves.</summary>
    public const string Actions = "ack (or acknowledge), accept, decline, counter, withdraw, cancel, complete or miss";

    public const string DeclineCodes = "wrong-counterpart, preconditions-not-met, timing or no-reason-given";

    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var id = RequestIds.Argument();
        var action = new Argument<ContactActionKind>("ACTION")
        {
            Description = Actions,
            HelpName = "ACTION",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (ParseAction(text) is { } kind)
                {
                    return kind;
                }

                result.AddError($"unknown action '{text}': use {Actions}");
                return default;
            },
        };
        var reason = CommonOptions.Text("--reason", "TEXT", "Free text: why (decline, withdraw, cancel, miss), the outcome (complete), a note (counter). For decline, \"CODE: text\" also sets the code");
        var code = CommonOptions.Choice("--code", "CODE", $"decline only: {DeclineCodes} (default: no-reason-given)", "decline code", DeclineCodes,
            text => DeclineReasonNames.TryParse(text, out var c) ? c.ToName() : null);
        var counterpart = CommonOptions.Text("--counterpart", "POSITION", "counter only: the position of ours proposed instead (its id in our directory)");
        var at = CommonOptions.Time("--at", "accept: when the contact takes place; counter: the time proposed instead. A time " + TimeArgument.Examples);
        var channel = CommonOptions.Text("--channel", "TEXT", "accept only: how the contact takes place (\"DTL voice\", \"video\", a place)");
        var link = CommonOptions.Link(required: false, "A guard: the node refuses the action unless the request is on this link (its id or the peer node's name)");
        var actor = CommonOptions.Operator();
        var json = CommonOptions.Json();

        var command = new Command("respond", "Act on a contact request: acknowledge, accept, decline, counter, withdraw, cancel, complete or miss it")
        {
            data, id, action, reason, code, counterpart, at, channel, link, actor, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            var kind = parseResult.GetRequiredValue(action);
            var given = new Details(
                parseResult.GetValue(reason),
                parseResult.GetValue(code),
                parseResult.GetValue(counterpart),
                parseResult.GetValue(at)?.Resolve(environment.Time.GetUtcNow()),
                parseResult.GetValue(channel));
            var request = BuildAction(kind, given, parseResult.GetValue(link));

            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var updated = await node.ActOnRequestAsync(parseResult.GetRequiredValue(id).Trim(), request, parseResult.GetRequiredValue(actor), cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJson(updated, CliJsonContext.Indented.ContactRequestDto);
                return ExitCodes.Success;
            }

            output.WriteLine($"{updated.Id}: {updated.State}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>What the operator gave beside the verb.</summary>
    internal sealed record Details(string? Reason, string? Code, string? Counterpart, DateTimeOffset? At, string? Channel);

    /// <summary>A verb an operator may use, or null (unknown, or one only the nodes record).</summary>
    internal static ContactActionKind? ParseAction(string text) =>
        ContactActionKindNames.TryParse(text, out var kind) && kind is not (ContactActionKind.Deliver or ContactActionKind.Expire) ? kind : null;

    /// <summary>
    /// The API's action for a verb and its details. Details that do not belong to the verb are usage errors, so a
    /// "--code timing" on an accept is not silently dropped.
    /// </summary>
    internal static RequestActionDto BuildAction(ContactActionKind kind, Details given, string? link)
    {
        RequireOnly(given.Code is not null, "--code", kind, ContactActionKind.Decline);
        RequireOnly(given.Counterpart is not null, "--counterpart", kind, ContactActionKind.Counter);
        RequireOnly(given.Channel is not null, "--channel", kind, ContactActionKind.Accept);
        RequireOnly(given.At is not null, "--at", kind, ContactActionKind.Accept, ContactActionKind.Counter);
        RequireOnly(given.Reason is not null, "--reason", kind, ContactActionKind.Decline, ContactActionKind.Counter, ContactActionKind.Withdraw,
            ContactActionKind.Cancel, ContactActionKind.Complete, ContactActionKind.Miss);

        var (code, reason) = kind == ContactActionKind.Decline ? SplitDeclineReason(given.Code, given.Reason) : (given.Code, given.Reason);
        return new RequestActionDto(kind.ToName(), reason, code, given.Counterpart?.Trim(), given.At, given.Channel, link);
    }

    /// <summary>
    /// A decline's code and free text. Without --code, a reason that starts with a code sets it: "timing" gives code
    /// timing and no text; "timing: next week" and "timing next week" give code timing and text "next week". Any
    /// other reason is free text, and the node records the decline as no-reason-given.
    /// </summary>
    internal static (string? Code, string? Reason) SplitDeclineReason(string? code, string? reason)
    {
        if (code is not null || reason is null)
        {
            return (code, reason);
        }

        var text = reason.Trim();
        foreach (var candidate in Enum.GetValues<DeclineReason>())
        {
            var name = candidate.ToName();
            if (!text.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = text[name.Length..];
            if (rest.Length > 0 && rest[0] != ':' && !char.IsWhiteSpace(rest[0]))
            {
                // "timingly", "timing-ish": another word, not the code.
                continue;
            }

            rest = rest.TrimStart().TrimStart(':').Trim();
            return (name, rest.Length == 0 ? null : rest);
        }

        return (null, reason);
    }

    private static void RequireOnly(bool given, string option, ContactActionKind kind, params ContactActionKind[] allowed)
    {
        if (!given || allowed.Contains(kind))
        {
            return;
        }

        var verbs = string.Join(", ", allowed.Select(a => a.ToName()));
        throw new CliException($"{option} goes with {verbs}, not with {kind.ToName()} (see: hotline respond --help)", ExitCodes.Usage);
    }
}
