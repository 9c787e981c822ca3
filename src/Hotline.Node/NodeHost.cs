namespace Hotline.Node;

/// <summary>What `hotline init` asks for.</summary>
public sealed record InitRequest(string DataDirectory, string Name, string? ListenUrl);

/// <summary>What `hotline init` created.</summary>
public sealed record InitResult(string Name, string DataDirectory, string ListenUrl, string SigningPublicKey);

/// <summary>Entry points the CLI composes: create a node's data directory, run a node.</summary>
public static class NodeHost
{
    /// <summary>Creates keys (owner-only files), the SQLite database and the operator token in a new data directory.</summary>
    public static Task<InitResult> InitAsync(InitRequest request, CancellationToken cancellationToken)
        => throw new NotImplementedException();

    /// <summary>
    /// Runs the node until <paramref name="cancellationToken"/> fires (SIGINT/SIGTERM in the CLI). Writes DATA/api.json
    /// ({"url","pid"}) when ready, calls <paramref name="onReady"/> with the URL, and removes api.json on graceful stop.
    /// </summary>
    public static Task RunAsync(string dataDirectory, string? listenUrl, Action<string> onReady, CancellationToken cancellationToken)
        => throw new NotImplementedException();
}
