using System.Net;
using System.Net.Sockets;

namespace Hotline.Federation.Tests.Harness;

public static class FreePort
{
    /// <summary>
    /// A loopback port that was free a moment ago (the OS picks it). A node keeps its port across restarts, because its
    /// peer stored the node's endpoint when the link was made.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
