using System.CommandLine;
using System.Runtime.InteropServices;
using Hotline.Cli.Scenarios;
using Hotline.Node;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline demo [--data DIR] [--scenario FILE] [--exit]</c>: two nodes on loopback in this process, paired, each with
/// its party's directory and settings, playing a scenario file (default: the seed scenario, docs/scenario.md) through
/// their operator APIs; then both keep running until Ctrl+C so their APIs can be used. Each run starts from fresh data.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Marks a directory the demo created, so a re-run may wipe it and nothing else.</summary>
    private const string Marker = ".hotline-demo";

    /// <summary>The operator pairing and directory imports are recorded as.</summary>
    private const string DemoOperator = "demo";

    public static string DefaultScenario => Path.Combine(AppContext.BaseDirectory, "scenarios", "seed.json");

    public static Command Create(CliEnvironment environment)
    {
        var data = new Option<string>("--data")
        {
            Description = "Where the two demo nodes keep their data (created; wiped and recreated on the next run)",
            HelpName = "DIR",
            DefaultValueFactory = _ => "demo-data",
        };
        var scenarioOption = new Option<string>("--scenario")
        {
            Description = "The scenario file to play (docs/scenario.md); default: the seed scenario",
            HelpName = "FILE",
            DefaultValueFactory = _ => DefaultScenario,
        };
        var exit = new Option<bool>("--exit") { Description = "Stop both nodes when the scenario has been played (for scripts)" };
        var command = new Command("demo", "Start two paired nodes on loopback and play a scenario between them (the seed scenario by default)")
        {
            data, scenarioOption, exit,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            var scenario = ScenarioPlayer.Load(parseResult.GetRequiredValue(scenarioOption));
            var root = PrepareRoot(Path.GetFullPath(parseResult.GetRequiredValue(data)));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            var output = environment.Output(json: false);

            var nodes = new List<DemoNode>();
            var clients = new Dictionary<string, NodeClient>(StringComparer.Ordinal);
            try
            {
                foreach (var (name, party) in scenario.Parties)
                {
                    nodes.Add(await StartAsync(root, name, party, output, stop.Token));
                    clients[name] = environment.ConnectToNode(nodes[^1].Directory);
                }

                var (first, second) = (nodes[0].Name, nodes[1].Name);
                var invitation = await clients[first].CreateInvitationAsync(null, DemoOperator, stop.Token);
                var safetyNumber = (await clients[second].AcceptInvitationAsync(invitation.Token, DemoOperator, stop.Token)).SafetyNumber;
                output.WriteLine($"paired {first} and {second}; safety number {safetyNumber}");
                foreach (var (name, party) in scenario.Parties)
                {
                    var imported = await clients[name].ImportDirectoryAsync(party.Directory, DemoOperator, stop.Token);
                    output.WriteLine($"{name}: directory of {party.Directory.Party}, version {imported.Version}");
                }

                await WaitForDirectoriesAsync(clients, stop.Token);
                var player = new ScenarioPlayer(clients, output, report => ReportCommand.Write(output, report));
                try
                {
                    await player.PlayAsync(scenario, stop.Token);
                }
                catch (ScenarioFailedException ex)
                {
                    throw new CliException($"the scenario did not play as written: {ex.Message}");
                }

                output.WriteLine();
                output.WriteLine("the scenario has been played; both nodes are running:");
                foreach (var node in nodes)
                {
                    output.WriteLine($"  {node.Name,-8} {node.Url}  (API token in {Path.Combine(node.Directory, "operator.token")})");
                }

                output.WriteLine($"try:   ./hotline requests --data {nodes[0].Directory}");
                output.WriteLine($"       ./hotline report --data {nodes[1].Directory}");

                if (!parseResult.GetValue(exit))
                {
                    output.WriteLine("press Ctrl+C to stop them");
                    await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
            finally
            {
                foreach (var client in clients.Values)
                {
                    client.Dispose();
                }

                await stop.CancelAsync();
                await Task.WhenAll(nodes.Select(n => n.Running)).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            return ExitCodes.Success;

            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        });
        return command;
    }

    /// <summary>Creates the demo's directory, or wipes one an earlier demo created; refuses any other.</summary>
    private static string PrepareRoot(string root)
    {
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            if (!File.Exists(Path.Combine(root, Marker)))
            {
                throw new CliException($"{root} exists and was not made by hotline demo; choose another --data");
            }

            foreach (var node in Directory.EnumerateDirectories(root))
            {
                if (IsRunning(node))
                {
                    throw new CliException($"a demo node is still running on {node}; stop it (Ctrl+C in its terminal) first");
                }
            }

            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, Marker), "made by hotline demo; deleted and recreated by the next run\n");
        return root;
    }

    private static bool IsRunning(string directory)
    {
        try
        {
            NodeDiscovery.FindRunningNode(directory);
            return true;
        }
        catch (CliException)
        {
            return false;
        }
    }

    private static async Task WaitForDirectoriesAsync(Dictionary<string, NodeClient> clients, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        foreach (var (name, client) in clients)
        {
            var peer = clients.Keys.Single(k => k != name);
            while (true)
            {
                try
                {
                    await client.GetPeerDirectoryAsync(peer, cancellationToken);
                    break;
                }
                catch (CliException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100, cancellationToken);
                }
            }
        }
    }

    private sealed record DemoNode(string Name, string Directory, string Url, Task Running);

    private static async Task<DemoNode> StartAsync(string root, string name, ScenarioParty party, CliOutput output, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(root, name);
        await NodeHost.InitAsync(new InitRequest(directory, name, null), cancellationToken);
        if (party.Config is { } config)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, DataDirectory.ConfigFileName), config.ToJsonString(), cancellationToken);
        }

        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Task.Run(async () =>
        {
            try
            {
                await NodeHost.RunAsync(directory, null, r => ready.TrySetResult(r.Url), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ready.TrySetException(ex);
                throw;
            }
        }, CancellationToken.None);
        var url = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        output.WriteLine($"node '{name}' listening on {url}");
        return new DemoNode(name, directory, url, running);
    }
}
