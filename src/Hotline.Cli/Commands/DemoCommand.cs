using System.CommandLine;
using System.Runtime.InteropServices;
using Hotline.Node;
using Hotline.Node.Api;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline demo [--data DIR] [--exit]</c>: two nodes on loopback in this process (a U.S. DoD node and a PRC node),
/// paired, exchanging a short scenario of messages; then both keep running until Ctrl+C so their APIs can be used.
/// Re-running reuses the data directory and its link. (The full seed scenario with contact requests replaces the
/// message list when the hotline domain lands.)
/// </summary>
internal static class DemoCommand
{
    /// <summary>The operator the demo's changes are recorded as.</summary>
    private const string DemoOperator = "demo";

    private static readonly (bool FromDod, string Precedence, string From, string To, string Body)[] s_scenario =
    [
        (true, "ROUTINE", "secdef", "cmc-vice-chairman", "The Secretary of Defense requests a call with the Vice Chairman of the Central Military Commission."),
        (true, "PRIORITY", "secdef", "cmc-vice-chairman", "Second attempt: the Secretary of Defense again requests a call with the Vice Chairman of the CMC."),
        (false, "PRIORITY", "mnd", "secdef", "The Minister of National Defense is the appropriate counterpart for the Secretary of Defense."),
        (true, "FLASH", "watch-officer", "watch-officer", "Incident at sea: unsafe intercept reported at 0412Z. Requesting immediate acknowledgment."),
        (false, "FLASH", "watch-officer", "watch-officer", "Incident notice received and acknowledged by the PRC watch officer."),
    ];

    public static Command Create(CliEnvironment environment)
    {
        var data = new Option<string>("--data")
        {
            Description = "Where the two demo nodes keep their data (created when missing)",
            HelpName = "DIR",
            DefaultValueFactory = _ => "demo-data",
        };
        var exit = new Option<bool>("--exit") { Description = "Stop both nodes when the scenario has been delivered (for scripts)" };
        var command = new Command("demo", "Start two paired nodes on loopback and play a short scenario between them") { data, exit };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            var root = Path.GetFullPath(parseResult.GetRequiredValue(data));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            var output = environment.Output(json: false);

            var dod = await StartAsync(root, "usdod", output, stop.Token);
            var prc = await StartAsync(root, "prc", output, stop.Token);
            try
            {
                using var dodApi = environment.ConnectToNode(dod.Directory);
                using var prcApi = environment.ConnectToNode(prc.Directory);
                var link = (await dodApi.GetLinksAsync(stop.Token)).FirstOrDefault(l => l.Peer == "prc");
                string safetyNumber;
                if (link is null)
                {
                    var invitation = await dodApi.CreateInvitationAsync(null, DemoOperator, stop.Token);
                    safetyNumber = (await prcApi.AcceptInvitationAsync(invitation.Token, DemoOperator, stop.Token)).SafetyNumber;
                    output.WriteLine("paired usdod and prc");
                }
                else
                {
                    safetyNumber = link.SafetyNumber;
                }

                foreach (var step in s_scenario)
                {
                    var (api, peer) = step.FromDod ? (dodApi, "prc") : (prcApi, "usdod");
                    await api.SendMessagesAsync(new SendMessagesRequest(peer, step.Precedence, step.From, step.To, [step.Body]), DemoOperator, stop.Token);
                }

                await WaitDeliveredAsync(dodApi, stop.Token);
                await WaitDeliveredAsync(prcApi, stop.Token);
                output.WriteLine();
                await PrintInboxAsync(output, "usdod", dodApi, stop.Token);
                await PrintInboxAsync(output, "prc", prcApi, stop.Token);
                output.WriteLine();
                output.WriteLine($"safety number of the link: {safetyNumber}");
                output.WriteLine($"usdod  {dod.Url}  (API token in {Path.Combine(dod.Directory, "operator.token")})");
                output.WriteLine($"prc    {prc.Url}  (API token in {Path.Combine(prc.Directory, "operator.token")})");
                output.WriteLine($"try:   ./hotline send --data {dod.Directory} --link prc --precedence FLASH --body 'hello'");
                output.WriteLine($"       ./hotline inbox --data {prc.Directory}");

                if (!parseResult.GetValue(exit))
                {
                    output.WriteLine("both nodes keep running; press Ctrl+C to stop them");
                    await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(dod.Running, prc.Running).ContinueWith(_ => { }, TaskScheduler.Default);
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

    private sealed record DemoNode(string Directory, string Url, Task Running);

    private static async Task<DemoNode> StartAsync(string root, string name, CliOutput output, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(root, name);
        if (!new DataDirectory(directory).IsInitialized)
        {
            await NodeHost.InitAsync(new InitRequest(directory, name, null), cancellationToken);
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
        return new DemoNode(directory, url, running);
    }

    private static async Task WaitDeliveredAsync(NodeClient api, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await api.GetLinksAsync(cancellationToken)).Any(l => l.Backlog > 0))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new CliException("the scenario was not delivered within 60 s; see the nodes' logs above");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task PrintInboxAsync(CliOutput output, string name, NodeClient api, CancellationToken cancellationToken)
    {
        output.WriteLine($"inbox of {name}:");
        await foreach (var item in api.ReadInboxAsync(null, cancellationToken))
        {
            output.WriteLine($"  #{item.Sequence,-3} {item.Precedence,-9} {item.From} -> {item.To}: {item.Body}");
        }
    }
}
