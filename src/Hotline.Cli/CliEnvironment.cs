namespace Hotline.Cli;

/// <summary>The edges of the process that the CLI touches: standard streams, HTTP and the clock. Tests substitute them.</summary>
internal sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    TextReader In,
    Func<HttpMessageHandler> CreateHttpHandler,
    TimeProvider Time)
{
    public static CliEnvironment FromConsole() =>
        new(Console.Out, Console.Error, Console.In, CreateOperatorApiHandler, TimeProvider.System);

    /// <summary>Connects to the node running on <paramref name="dataDirectory"/>, or fails with what to do about it.</summary>
    public NodeClient ConnectToNode(string dataDirectory) =>
        new(NodeDiscovery.FindRunningNode(dataDirectory), CreateHttpHandler());

    public CliOutput Output(bool json) => new(Out, json);

    private static SocketsHttpHandler CreateOperatorApiHandler() => new()
    {
        // The operator API belongs to a node on this machine (its URL comes from the data directory):
        // never send the bearer token through a proxy, never follow a redirect elsewhere.
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };
}
