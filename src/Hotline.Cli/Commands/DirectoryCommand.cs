using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Hotline.Node.Api;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline directory import --data DIR FILE</c> and <c>hotline directory show --data DIR [--link LINK]</c>: our
/// party's directory of positions, and the one each peer shared with us.
/// </summary>
internal static class DirectoryCommand
{
    /// <summary>
    /// How a directory file is read: a file people write by hand, so comments and trailing commas are allowed, while
    /// a misspelt or missing key, or a null where a value is needed, is an error rather than silently dropped.
    /// </summary>
    private static readonly JsonSerializerOptions s_fileOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = OperatorJsonContext.Default,
    };

    private static readonly (Type Type, string Words)[] s_fileTerms =
    [
        (typeof(DirectoryDocumentDto), "the directory"),
        (typeof(PositionDto), "a position"),
        (typeof(CounterpartRuleDto), "a counterpart rule"),
    ];

    public static Command Create(CliEnvironment environment) =>
        new("directory", "Our party's directory of positions: import it (the node shares it with every link), show it or a peer's")
        {
            CreateImport(environment),
            CreateShow(environment),
        };

    private static Command CreateImport(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var file = new Argument<string>("FILE")
        {
            Description = "The directory as JSON: {\"party\", \"positions\": [{\"id\", \"title\", \"level\", \"authority\", \"languages\", \"principal\", \"staff\"}], \"counterparts\": [{\"link\", \"for\", \"counterpart\"}]}",
        };
        var actor = CommonOptions.Operator();
        var json = CommonOptions.Json();

        var command = new Command("import", "Import our party's directory from a JSON file; a changed directory is shared with every link")
        {
            data, file, actor, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            // The file is read and checked before anything is sent: a typo must not reach the peers.
            var directory = ReadFile(parseResult.GetRequiredValue(file));
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var imported = await node.ImportDirectoryAsync(directory, parseResult.GetRequiredValue(actor), cancellationToken);

            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJson(imported, CliJsonContext.Indented.DirectoryImportDto);
                return ExitCodes.Success;
            }

            var links = imported.SharedWith == 1 ? "1 link" : HumanFormat.Number(imported.SharedWith) + " links";
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"directory of {directory.Party}: version {imported.Version} ({(imported.Changed ? $"changed; shared with {links}" : "unchanged")})"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateShow(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var link = CommonOptions.Link(required: false, "Show the directory the peer of this link shared (its id or the peer node's name); default: ours");
        var json = CommonOptions.Json();

        var command = new Command("show", "Show our party's directory, or with --link the one a peer shared with us")
        {
            data, link, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var node = environment.ConnectToNode(parseResult.GetRequiredValue(data));
            var output = environment.Output(parseResult.GetValue(json));
            if (parseResult.GetValue(link) is { } peerLink)
            {
                var peer = await node.GetPeerDirectoryAsync(peerLink, cancellationToken);
                if (output.Json)
                {
                    output.WriteJson(peer, CliJsonContext.Indented.PeerDirectoryDto);
                    return ExitCodes.Success;
                }

                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"directory of {peer.Party}, version {peer.Version}: shared by {peer.Peer} on link {peer.Link}, received {HumanFormat.Timestamp(peer.ReceivedAt)}"));
                WriteDirectory(output, peer.Positions, peer.Counterparts);
                return ExitCodes.Success;
            }

            var ours = await node.GetDirectoryAsync(cancellationToken);
            if (output.Json)
            {
                output.WriteJson(ours, CliJsonContext.Indented.DirectoryDocumentDto);
                return ExitCodes.Success;
            }

            var version = ours.Version is { } v ? HumanFormat.Number(v) : HumanFormat.None;
            output.WriteLine($"directory of {ours.Party}, version {version}");
            WriteDirectory(output, ours.Positions, ours.Counterparts ?? []);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Reads and checks a directory file, or fails with what is wrong in it (before any HTTP call).</summary>
    internal static DirectoryDocumentDto ReadFile(string path)
    {
        var shown = HumanFormat.ShellWord(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException($"{shown}: no such file", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliException($"cannot read {shown}: permission denied", ex);
        }
        catch (IOException ex)
        {
            throw new CliException($"cannot read {shown}: {ex.Message}", ex);
        }

        DirectoryDocumentDto? directory;
        try
        {
            directory = JsonSerializer.Deserialize(bytes, (JsonTypeInfo<DirectoryDocumentDto>)s_fileOptions.GetTypeInfo(typeof(DirectoryDocumentDto)));
        }
        catch (JsonException ex)
        {
            // The message names the place: "... Path: $.positions[1].level | LineNumber: 7 | BytePositionInLine: 19."
            throw new CliException($"{shown} is not a directory file: {InFileTerms(ex.Message)}", ex);
        }

        if (directory is null || string.IsNullOrWhiteSpace(directory.Party) || directory.Positions is null || directory.Positions.Any(p => p is null)
            || directory.Counterparts?.Any(c => c is null) == true)
        {
            throw new CliException($"{shown} is not a directory file: it needs {{\"party\": NAME, \"positions\": [...]}} with no null entries");
        }

        return directory;
    }

    /// <summary>The serializer's message with the file's words for its types ("a position", not "Hotline.Node.Api.PositionDto").</summary>
    private static string InFileTerms(string message)
    {
        message = message.Replace(" Consider updating its nullability annotation.", "", StringComparison.Ordinal);
        foreach (var (type, words) in s_fileTerms)
        {
            message = message
                .Replace($"type '{type.FullName}'", words, StringComparison.Ordinal)
                .Replace(type.FullName!, words, StringComparison.Ordinal);
        }

        return message;
    }

    private static void WriteDirectory(CliOutput output, IReadOnlyList<PositionDto> positions, IReadOnlyList<CounterpartRuleDto> counterparts)
    {
        output.WriteLine();
        if (positions.Count == 0)
        {
            output.WriteLine("no positions");
        }
        else
        {
            var table = new TextTable("ID", "TITLE", "LEVEL", "AUTHORITY", "PRINCIPAL", "LANGUAGES");
            foreach (var p in positions)
            {
                table.Add(
                    p.Id,
                    p.Title,
                    HumanFormat.Number(p.Level),
                    p.Authority,
                    p.Principal ?? HumanFormat.None,
                    p.Languages is { Count: > 0 } languages ? string.Join(", ", languages) : HumanFormat.None);
            }

            table.Flush(output.Writer);
        }

        if (counterparts.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("declared counterparts:");
            var rules = new TextTable("LINK", "FOR", "COUNTERPART");
            foreach (var rule in counterparts)
            {
                rules.Add(rule.Link, rule.For, rule.Counterpart);
            }

            rules.Flush(output.Writer);
        }
    }
}
