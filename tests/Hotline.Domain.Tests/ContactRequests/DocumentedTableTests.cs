using Hotline.Domain.ContactRequests;

namespace Hotline.Domain.Tests.ContactRequests;

/// <summary>docs/domain.md shows the transition table to operators; it must say exactly what the code does.</summary>
public sealed class DocumentedTableTests
{
    private static string RepositoryFile(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hotline.slnx")))
            {
                return Path.Combine(directory.FullName, relativePath);
            }
        }

        throw new InvalidOperationException("Hotline.slnx not found above the test's directory.");
    }

    [Fact]
    public void TheTransitionTableInDocsDomainMd_MatchesTheCode()
    {
        var lines = File.ReadAllLines(RepositoryFile("docs/domain.md"));
        var begin = Array.IndexOf(lines, "<!-- transitions:begin -->");
        var end = Array.IndexOf(lines, "<!-- transitions:end -->");
        Assert.True(begin >= 0 && end > begin, "docs/domain.md lost its transition-table markers.");

        var documented = lines[(begin + 3)..end] // skip the marker, the header and the separator row
            .Select(line => line.Trim('|', ' ').Split('|').Select(cell => cell.Trim()).ToArray())
            .Select(cells => string.Join(" ", cells))
            .Order(StringComparer.Ordinal);
        var coded = ContactRequestTransitions.All
            .Select(t => $"{t.From.ToName()} {t.Action.ToName()} {t.By.ToName()} {t.To.ToName()}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(coded, documented);
    }
}
