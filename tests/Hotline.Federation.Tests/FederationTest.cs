using System.Globalization;
using Hotline.Federation.Tests.Harness;

namespace Hotline.Federation.Tests;

/// <summary>
/// Base of the federation tests: owns the node processes a test starts, kills them afterwards, and when the test
/// failed writes every node's output to the test's output and attaches it to the result.
/// </summary>
public abstract class FederationTest : IAsyncLifetime
{
    private readonly List<NodeProcess> _nodes = [];
    private readonly List<NodePair> _pairs = [];

    protected FederationTest()
    {
        Cli = HotlineCli.Locate();
    }

    protected HotlineCli Cli { get; }

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result is TestResult.Failed)
        {
            foreach (var node in _nodes.Concat(_pairs.SelectMany(p => new[] { p.A, p.B })))
            {
                var log = node.Log.ToString();
                TestContext.Current.AddAttachment($"{node.Name}.log", log);
                TestContext.Current.TestOutputHelper?.WriteLine($"===== node {node.Name} ({node.DataDirectory}) =====");
                TestContext.Current.TestOutputHelper?.WriteLine(node.Log.Tail(400));
            }
        }

        foreach (var pair in _pairs)
        {
            await pair.DisposeAsync();
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A milestone in the test's output, with the time, so a slow or failed run shows where time went.</summary>
    protected static void Milestone(string message)
        => TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {message}"));

    /// <summary>A node with its own data directory and port, initialized but not started.</summary>
    protected async Task<NodeProcess> InitNodeAsync(string name)
    {
        var node = new NodeProcess(Cli, name);
        _nodes.Add(node);
        await node.InitAsync(Cancellation);
        return node;
    }

    /// <summary>Nodes A and B, initialized and running, not paired.</summary>
    protected async Task<NodePair> StartPairAsync()
    {
        var pair = await NodePair.InitAsync(Cli, logObserver: null, Cancellation);
        _pairs.Add(pair);
        return pair;
    }

    /// <summary>Nodes A and B, running and paired.</summary>
    protected async Task<NodePair> StartPairedAsync()
    {
        var pair = await StartPairAsync();
        await pair.PairAsync(Cancellation);
        return pair;
    }
}
