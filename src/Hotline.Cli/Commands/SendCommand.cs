using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using Hotline.Node.Api;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline send --data DIR --link LINK [--precedence P] [--to TEXT] (--body TEXT | --stdin) [--as NAME]</c>: queues messages.
/// With --stdin every input line is one message, in input order (an empty line is an empty message; the newline
/// that ends the input does not start another one), sent in chunks of <see cref="NodeClient.SendChunkSize"/>.
/// </summary>
internal static class SendCommand
{
    public const string DefaultPrecedence = "ROUTINE";

    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var link = CommonOptions.Link(required: true, "The link to send on: its id or the peer node's name");
        var precedence = CommonOptions.Precedence("FLASH, IMMEDIATE, PRIORITY or ROUTINE, in any case", DefaultPrecedence);
        var to = new Option<string?>("--to")
        {
            Description = "Who the message is for at the peer (a position or a person), as free text",
            HelpName = "TEXT",
        };
        var body = new Option<string>("--body")
        {
            Description = "The message text (one message)",
            HelpName = "TEXT",
        };
        var stdin = new Option<bool>("--stdin")
        {
            Description = "Read messages from standard input, one per line, and send them in input order",
        };
        var actor = CommonOptions.Operator();
        var json = CommonOptions.Json();

        var command = new Command("send", "Queue messages for a link; the node delivers them store-and-forward")
        {
            data, link, precedence, to, body, stdin, actor, json,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetResult(body) is not null) == result.GetValue(stdin))
            {
                result.AddError("give exactly one of --body TEXT or --stdin");
            }
        });
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetRequiredValue(link);
            var chosenPrecedence = parseResult.GetRequiredValue(precedence);
            var sender = parseResult.GetRequiredValue(actor);
            var recipient = parseResult.GetValue(to);
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var output = environment.Output(parseResult.GetValue(json));

            var bodies = parseResult.GetValue(stdin)
                ? ReadLinesAsync(environment.In, cancellationToken)
                : new[] { parseResult.GetRequiredValue(body) }.ToAsyncEnumerable();
            var queued = 0;
            using (var array = output.Json ? output.BeginJsonArray(CliJsonContext.Compact.MessageIdDto) : null)
            {
                try
                {
                    await foreach (var chunk in bodies.Chunk(NodeClient.SendChunkSize).WithCancellation(cancellationToken))
                    {
                        var request = new SendMessagesRequest(target, chosenPrecedence, From: null, recipient, chunk);
                        foreach (var id in await node.SendMessagesAsync(request, sender, cancellationToken))
                        {
                            if (array is null)
                            {
                                output.WriteLine(id.Id);
                            }
                            else
                            {
                                array.Write(id);
                            }
                        }

                        queued += chunk.Length;
                    }
                }
                catch (CliException ex) when (queued > 0)
                {
                    throw new CliException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{ex.Message} (the first {queued} messages were queued before this failure; their ids are on standard output)"));
                }
            }

            if (queued == 0 && !output.Json)
            {
                environment.Error.WriteLine("hotline: nothing sent: standard input was empty");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async IAsyncEnumerable<string> ReadLinesAsync(
        TextReader input,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // ReadLine splits on \n and \r\n and returns null at the end: the newline ending the input yields no
        // extra empty message, while a blank line in the middle (or just before the end) is an empty message.
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            yield return line;
        }
    }
}
