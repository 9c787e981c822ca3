using Hotline.Protocol.Envelopes;

namespace Hotline.Protocol.Tests;

/// <summary>STYLE §2: the protocol library is pure; it references no web host, HTTP client or database driver.</summary>
public sealed class DependencyTests
{
    [Theory]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("System.Net.Http")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("Npgsql")]
    [InlineData("Microsoft.Extensions.Logging")]
    [InlineData("Microsoft.Extensions.Options")]
    [InlineData("Hotline.Domain")]
    [InlineData("Hotline.Storage")]
    [InlineData("Hotline.Node")]
    public void HotlineProtocol_DoesNotReference(string forbidden)
    {
        var references = typeof(Envelope).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("NSec.Cryptography", references);
        Assert.DoesNotContain(references, name => name == forbidden || name.StartsWith(forbidden + ".", StringComparison.Ordinal));
    }
}
