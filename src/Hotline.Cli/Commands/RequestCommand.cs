using System.CommandLine;
using System.Globalization;
using Hotline.Domain.ContactRequests;
using Hotline.Node.Api;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline request --data DIR --link LINK --from POSITION --to POSITION --kind KIND --purpose TEXT ...</c>: asks the
/// other party for contact. Prints the new request's id first, so <c>ID=$(hotline request ... | head -1)</c> works.
/// </summary>
internal static class RequestCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var link = CommonOptions.Link(required: true, "The link to the other party: its id or the peer node's name");
        var from = CommonOptions.Text("--from", "POSITION", "Our position that asks (its id in our directory)", required: true);
        var to = CommonOptions.Text("--to", "POSITION", "Their position asked for (its id in their directory)", required: true);
        var kind = CommonOptions.Choice("--kind", "KIND", "call, video, meeting or message", "kind", "call, video, meeting or message",
            text => ContactKindNames.TryParse(text, out var k) ? k.ToName() : null);
        kind.Required = true;
        var purpose = CommonOptions.Text("--purpose", "TEXT", "What the contact is about (repeated attempts are recognized by it)", required: true);
        var precedence = CommonOptions.Precedence("FLASH, IMMEDIATE, PRIORITY or ROUTINE, in any case; sets the acknowledgment deadline (default: the node's, ROUTINE)", defaultValue: null);
        var window = CommonOptions.Parsed<WindowArgument>(
            "--window", "FROM/TO", "When the contact could take place: FROM/TO, two times " + TimeArgument.Examples, WindowArgument.TryParse,
            "FROM/TO, two times " + TimeArgument.Examples);
        var expires = CommonOptions.Time("--expires", "When the request lapses if still open: a time " + TimeArgument.Examples);
        var follows = new Option<string?>("--follows")
        {
            Description = "The cancelled request this one proposes again (its id or at least its first 8 characters)",
            HelpName = "REQUEST_ID",
        };
        follows.Validators.Add(result =>
        {
            if (RequestIds.Problem(result.GetValueOrDefault<string?>()) is { } problem)
            {
                result.AddError("--follows: " + problem);
            }
        });
        var actor = CommonOptions.Operator();
        var json = CommonOptions.Json();

        var command = new Command("request", "Ask the other party for a call, video call, meeting or message exchange; prints the request id")
        {
            data, link, from, to, kind, purpose, precedence, window, expires, follows, actor, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            var now = environment.Time.GetUtcNow();
            DateTimeOffset? windowFrom = null, windowTo = null;
            if (parseResult.GetValue(window) is { } w)
            {
                (windowFrom, windowTo) = (w.From.Resolve(now), w.To.Resolve(now));
                if (windowTo <= windowFrom)
                {
                    throw new CliException(
                        $"--window must end after it starts (from {HumanFormat.Timestamp(windowFrom)} to {HumanFormat.Timestamp(windowTo)})", ExitCodes.Usage);
                }
            }

            var open = new OpenRequestDto(
                parseResult.GetRequiredValue(link),
                parseResult.GetRequiredValue(from).Trim(),
                parseResult.GetRequiredValue(to).Trim(),
                parseResult.GetRequiredValue(kind),
                parseResult.GetRequiredValue(purpose),
                parseResult.GetValue(precedence),
                windowFrom,
                windowTo,
                parseResult.GetValue(expires)?.Resolve(now),
                parseResult.GetValue(follows)?.Trim());
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var request = await node.OpenRequestAsync(open, parseResult.GetRequiredValue(actor), cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJson(new RequestIdDto(request.Id), CliJsonContext.Indented.RequestIdDto);
                return ExitCodes.Success;
            }

            output.WriteLine(request.Id);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{request.Kind} {request.From} -> {request.To} on {request.Peer}: state {request.State}, attempt {request.Attempt}, acknowledgment due {HumanFormat.TimestampFromNow(request.AckDeadline, environment.Time.GetUtcNow())}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
