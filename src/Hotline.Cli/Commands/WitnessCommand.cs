using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hotline.Node.Witness;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline witness init|trust|logs|run</c>: a C2SP tlog-witness (docs/witness.md) on its own data directory. These
/// commands work on the directory itself (SQLite allows a second process beside a running witness), not over HTTP.
/// </summary>
internal static class WitnessCommand
{
    public static Command Create(CliEnvironment environment) => new("witness", "Run a transparency-log witness: it cosigns the checkpoints of the logs it trusts, never two inconsistent ones")
    {
        Init(environment),
        Trust(environment),
        Logs(environment),
        Run(environment),
    };

    private static Option<string> Data()
    {
        var option = CommonOptions.Data();
        option.Description = "The witness's data directory";
        return option;
    }

    private static Command Init(CliEnvironment environment)
    {
        var data = Data();
        var name = CommonOptions.Text("--name", "NAME", "The witness's name, its cosignatures' key name (e.g. witness.example.org/w1)", required: true);
        var json = CommonOptions.Json();
        var command = new Command("init", "Create a witness: its signing key and database in a new data directory; prints its verifier key")
        {
            data, name, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            var created = await WitnessHost.InitAsync(parseResult.GetRequiredValue(data), parseResult.GetRequiredValue(name), cancellationToken);
            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJson(new WitnessInitJson(created.Name, created.DataDirectory, created.VerifierKey), WitnessJsonContext.Indented.WitnessInitJson);
                return ExitCodes.Success;
            }

            output.WriteLine($"created witness '{created.Name}'");
            output.WriteLine($"  data directory  {created.DataDirectory}");
            output.WriteLine($"  verifier key    {created.VerifierKey}");
            output.WriteLine();
            output.WriteLine("give the verifier key to the nodes that submit to this witness (Hotline:Witnesses in their config.json);");
            output.WriteLine($"trust their logs with: hotline witness trust --data {HumanFormat.ShellWord(parseResult.GetRequiredValue(data))} VKEY");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Trust(CliEnvironment environment)
    {
        var data = Data();
        var keys = new Argument<string[]>("VKEY")
        {
            Description = "A log's Ed25519 verifier key (name+keyid+base64), whose name is the log's origin; a node shows its own in GET /api/v1/links/{link}/witnesses",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("trust", "Add logs (origin and key) to the witness's known logs")
        {
            data, keys,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            foreach (var key in parseResult.GetRequiredValue(keys))
            {
                var trusted = await WitnessHost.TrustAsync(parseResult.GetRequiredValue(data), key, cancellationToken);
                environment.Out.WriteLine($"{(trusted.Added ? "trusted" : "already trusted")}  {trusted.Origin}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Logs(CliEnvironment environment)
    {
        var data = Data();
        var json = CommonOptions.Json();
        var command = new Command("logs", "List the witness's known logs with the latest size it cosigned")
        {
            data, json,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            var (identity, logs) = await WitnessHost.GetLogsAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var output = environment.Output(parseResult.GetValue(json));
            if (output.Json)
            {
                output.WriteJsonArray(
                    logs.Select(l => new WitnessLogJson(l.Origin, l.VerifierKeys, l.Latest?.Size ?? 0, l.Latest is { } latest ? Convert.ToBase64String(latest.Root) : null,
                        l.Latest?.At, l.Latest?.Note, l.Refusals)),
                    WitnessJsonContext.Compact.WitnessLogJson);
                return ExitCodes.Success;
            }

            output.WriteLine($"witness {identity.Name}  {WitnessHost.VerifierKeyOf(identity)}");
            if (logs.Count == 0)
            {
                output.WriteLine("no logs yet (add one with: hotline witness trust --data DIR VKEY)");
                return ExitCodes.Success;
            }

            var table = new TextTable("ORIGIN", "SIZE", "COSIGNED", "REFUSED");
            var now = environment.Time.GetUtcNow();
            foreach (var log in logs)
            {
                table.Add(log.Origin, HumanFormat.Number(log.Latest?.Size ?? 0), HumanFormat.Ago(log.Latest?.At, now), HumanFormat.Number(log.Refusals));
            }

            table.Flush(output.Writer);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Run(CliEnvironment environment)
    {
        var data = Data();
        var listen = CommonOptions.Listen("The URL to listen on (default http://127.0.0.1:7380)");
        var command = new Command("run", "Serve POST /add-checkpoint until interrupted (Ctrl+C or SIGTERM stop it gracefully)")
        {
            data, listen,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void OnSignal(PosixSignalContext context)
            {
                // A second signal while stopping gets the runtime's default handling: the process ends now.
                context.Cancel = !stop.IsCancellationRequested;
                stop.Cancel();
            }

            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            try
            {
                await WitnessHost.RunAsync(parseResult.GetRequiredValue(data), parseResult.GetValue(listen) ?? "http://127.0.0.1:7380", ready =>
                {
                    // Exactly one line on stdout (logs go to stderr); scripts and tests wait for "listening on http://...".
                    environment.Out.WriteLine($"hotline witness '{ready.Name}' listening on {ready.Url}");
                    environment.Out.Flush();
                }, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The graceful stop we asked for.
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

internal sealed record WitnessInitJson(string Name, string Data, string VerifierKey);

/// <summary>One known log: its keys, the latest checkpoint the witness cosigned (size, root, the signed note as the log
/// submitted it) and how many validly signed but inconsistent submissions it kept as evidence.</summary>
internal sealed record WitnessLogJson(string Origin, IReadOnlyList<string> VerifierKeys, long Size, string? Root, DateTimeOffset? CosignedAt, string? Checkpoint, long Refusals);

/// <summary>What the witness commands print with --json (their own shapes; the same options as the CLI's other output).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WitnessInitJson))]
[JsonSerializable(typeof(WitnessLogJson))]
internal sealed partial class WitnessJsonContext : JsonSerializerContext
{
    public static WitnessJsonContext Indented { get; } = new(CreateOptions(writeIndented: true));

    public static WitnessJsonContext Compact { get; } = new(CreateOptions(writeIndented: false));

    // Verifier keys hold '+': printed as they are, not as \u002B escapes, so they can be copied into configuration.
    private static JsonSerializerOptions CreateOptions(bool writeIndented) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = writeIndented,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
