using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Hotline.Node.Api;

namespace Hotline.Federation.Tests.Harness;

/// <summary>
/// Two real nodes, A ("alpha") and B ("bravo"), each in its own process, data directory and port, with intent methods:
/// the CLI for pairing (what an operator types), the operator HTTP API for bulk traffic A→B.
/// </summary>
public sealed class NodePair : IAsyncDisposable
{
    private string? _linkAtA;
    private string? _linkAtB;

    private NodePair(NodeProcess a, NodeProcess b)
    {
        A = a;
        B = b;
    }

    public NodeProcess A { get; }

    public NodeProcess B { get; }

    /// <summary>The link's id as A knows it.</summary>
    public string LinkAtA => _linkAtA ?? throw new InvalidOperationException("The nodes are not paired yet.");

    /// <summary>The link's id as B knows it.</summary>
    public string LinkAtB => _linkAtB ?? throw new InvalidOperationException("The nodes are not paired yet.");

    /// <summary>Creates both nodes with `hotline init` and starts both.</summary>
    public static async Task<NodePair> InitAsync(HotlineCli cli, Action<string>? logObserver, CancellationToken cancellationToken)
    {
        var pair = new NodePair(new NodeProcess(cli, "alpha"), new NodeProcess(cli, "bravo"));
        pair.A.Log.Observer = logObserver;
        pair.B.Log.Observer = logObserver;
        try
        {
            await Task.WhenAll(pair.A.InitAsync(cancellationToken), pair.B.InitAsync(cancellationToken));
            await Task.WhenAll(pair.A.StartAsync(cancellationToken), pair.B.StartAsync(cancellationToken));
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// `hotline invite` on A, `hotline accept TOKEN` on B, then waits (10 s at most) until A lists the link too.
    /// Returns what accept printed.
    /// </summary>
    public async Task<AcceptedLinkDto> PairAsync(CancellationToken cancellationToken)
    {
        var token = await InviteAsync(A, cancellationToken);
        var accept = await B.CliAsync("accept", [token, "--json"], cancellationToken: cancellationToken);
        if (!accept.Succeeded)
        {
            throw new InvalidOperationException($"hotline accept failed.{Environment.NewLine}{accept}{Environment.NewLine}{Logs()}");
        }

        var accepted = ParseAccepted(accept.Stdout);
        _linkAtB = accepted.Link;
        _linkAtA = (await WaitForLinkAsync(A, B.Name, TimeSpan.FromSeconds(10), cancellationToken)).Id;
        return accepted;
    }

    /// <summary>`hotline invite --json` on <paramref name="inviter"/>; returns the token.</summary>
    public static async Task<string> InviteAsync(NodeProcess inviter, CancellationToken cancellationToken)
    {
        var invite = await inviter.CliAsync("invite", ["--json"], cancellationToken: cancellationToken);
        if (!invite.Succeeded)
        {
            throw new InvalidOperationException($"hotline invite failed.{Environment.NewLine}{invite}");
        }

        return ReadString(invite.Stdout, "token");
    }

    /// <summary>Parses the JSON that `hotline accept --json` prints.</summary>
    public static AcceptedLinkDto ParseAccepted(string json)
        => new(ReadString(json, "link"), ReadString(json, "peer"), ReadString(json, "safetyNumber"));

    /// <summary>Waits until <paramref name="node"/> lists a link to <paramref name="peer"/> (by name).</summary>
    public static async Task<LinkDto> WaitForLinkAsync(NodeProcess node, string peer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<LinkDto> links = [];
        while (clock.Elapsed < timeout)
        {
            links = await node.Api.GetLinksAsync(cancellationToken);
            var link = links.FirstOrDefault(l => string.Equals(l.Peer, peer, StringComparison.Ordinal));
            if (link is not null)
            {
                return link;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException(
            $"Node {node.Name} did not list a link to {peer} within {timeout.TotalSeconds:0} s; it lists "
            + $"[{string.Join(", ", links.Select(l => $"{l.Id}→{l.Peer} ({l.State})"))}].{Environment.NewLine}{node.Log.Tail()}");
    }

    /// <summary>Submits <paramref name="bodies"/> A→B through the API, in calls of up to 1000; returns the ids in order.</summary>
    public async Task<IReadOnlyList<string>> SendAsync(
        IReadOnlyList<string> bodies,
        string precedence,
        CancellationToken cancellationToken)
    {
        var ids = new List<string>(bodies.Count);
        foreach (var chunk in bodies.Chunk(OperatorClient.MaxBodiesPerCall))
        {
            var answer = await A.Api.SendAsync(LinkAtA, precedence, chunk, cancellationToken);
            if (answer.Count != chunk.Length)
            {
                throw new InvalidOperationException($"POST /api/v1/messages with {chunk.Length} bodies returned {answer.Count} ids.");
            }

            ids.AddRange(answer.Select(m => m.Id));
        }

        return ids;
    }

    /// <summary>B's inbox for the link, in sequence order.</summary>
    public Task<IReadOnlyList<InboxItemDto>> InboxAsync(CancellationToken cancellationToken)
        => B.Api.GetInboxAsync(LinkAtB, cancellationToken);

    /// <summary>A's outbox for the link, in submit order.</summary>
    public Task<IReadOnlyList<OutboxItemDto>> OutboxAsync(CancellationToken cancellationToken)
        => A.Api.GetOutboxAsync(LinkAtA, cancellationToken);

    /// <summary>Whether B has stored anything with a sequence above <paramref name="after"/> (null: anything at all).</summary>
    public async Task<long?> LastReceivedSequenceAsync(long? after, CancellationToken cancellationToken)
    {
        var page = await B.Api.GetInboxPageAsync(LinkAtB, after, 10_000, cancellationToken);
        return page.Count == 0 ? after : page[^1].Sequence;
    }

    /// <summary>
    /// Waits until A's outbox holds <paramref name="expected"/> items, all delivered (A stored B's receipt), polling the
    /// cheap backlog first. Returns the outbox; on timeout throws with the states counted and both nodes' logs.
    /// </summary>
    public async Task<IReadOnlyList<OutboxItemDto>> WaitUntilDeliveredAsync(int expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var lastFullRead = TimeSpan.Zero;
        IReadOnlyList<OutboxItemDto> outbox = [];
        while (clock.Elapsed < timeout)
        {
            var links = await A.Api.GetLinksAsync(cancellationToken);
            var backlog = links.FirstOrDefault(l => l.Id == LinkAtA)?.Backlog ?? -1;

            // The backlog is cheap to poll; the outbox (which decides) is read when it says zero, and every few
            // seconds anyway in case the backlog counts something else.
            if (backlog == 0 || clock.Elapsed - lastFullRead > TimeSpan.FromSeconds(5))
            {
                lastFullRead = clock.Elapsed;
                outbox = await OutboxAsync(cancellationToken);
                if (outbox.Count >= expected && outbox.All(o => o.State == "delivered"))
                {
                    return outbox;
                }
            }

            await Task.Delay(200, cancellationToken);
        }

        outbox = await OutboxAsync(cancellationToken);
        var states = string.Join(", ", outbox.GroupBy(o => o.State).Select(g => $"{g.Key}: {g.Count()}"));
        throw new TimeoutException(
            $"A's outbox did not show {expected} delivered messages within {timeout.TotalSeconds:0} s "
            + $"({outbox.Count} items; {states}).{Environment.NewLine}{Logs()}");
    }

    /// <summary>The tail of both nodes' output, for failure messages.</summary>
    public string Logs(int lines = 150)
    {
        var builder = new StringBuilder();
        builder.AppendLine("===== node A (alpha) =====").Append(A.Log.Tail(lines));
        builder.AppendLine("===== node B (bravo) =====").Append(B.Log.Tail(lines));
        return builder.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(A.DisposeAsync().AsTask(), B.DisposeAsync().AsTask());
    }

    private static string ReadString(string json, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var candidate in document.RootElement.EnumerateObject())
            {
                if (string.Equals(candidate.Name, property, StringComparison.OrdinalIgnoreCase))
                {
                    return candidate.Value.GetString() ?? throw new FormatException($"\"{property}\" is null in: {json}");
                }
            }
        }
        catch (JsonException exception)
        {
            throw new FormatException($"Expected a JSON object with \"{property}\", got: {json}", exception);
        }

        throw new FormatException($"Expected a JSON object with \"{property}\", got: {json}");
    }
}
