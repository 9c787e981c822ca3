using Hotline.Domain.ContactRequests;

namespace Hotline.Domain.Tests;

/// <summary>STYLE §2: the domain library is pure; it references no web host, HTTP client, database driver or logging.</summary>
public sealed class DependencyTests
{
    [Theory]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("System.Net.Http")]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("Npgsql")]
    [InlineData("Microsoft.Extensions.Logging")]
    [InlineData("Microsoft.Extensions.Options")]
    [InlineData("Hotline.Storage")]
    [InlineData("Hotline.Node")]
    public void HotlineDomain_DoesNotReference(string forbidden)
    {
        var references = typeof(ContactRequestMachine).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("Hotline.Protocol", references);
        Assert.DoesNotContain(references, name => name == forbidden || name.StartsWith(forbidden + ".", StringComparison.Ordinal));
    }
}
