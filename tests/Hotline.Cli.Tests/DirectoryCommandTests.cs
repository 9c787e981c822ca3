using System.Text.Json;
using Hotline.Node.Api;

namespace Hotline.Cli.Tests;

public sealed class DirectoryCommandTests : IDisposable
{
    private const string ValidFile = """
        // usdod's directory (comments and trailing commas are allowed)
        {
          "party": "usdod",
          "positions": [
            {"id": "secdef", "title": "Secretary of Defense", "level": 1, "authority": "civilian",
             "languages": ["en"], "principal": "J. Smith", "staff": ["alice", "bob"]},
            {"id": "cjcs", "title": "Chairman of the Joint Chiefs of Staff", "level": 2, "authority": "military"},
          ],
          "counterparts": [{"link": "prc", "for": "secdef", "counterpart": "mnd"}],
        }
        """;

    private readonly TempDataDirectory _data = TempDataDirectory.Running();
    private readonly string _file = Path.Combine(Path.GetTempPath(), "hotline-directory-" + Guid.NewGuid().ToString("N") + ".json");

    public void Dispose()
    {
        _data.Dispose();
        File.Delete(_file);
    }

    [Fact]
    public async Task Import_PutsTheFile_WithTheOperator_AndSaysWhatChanged()
    {
        File.WriteAllText(_file, ValidFile);
        var node = new FakeNode();
        node.Links.Add(FakeNode.Link("L1", "prc"));

        var result = await CliRunner.RunAsync(["directory", "import", "--data", _data.Path, _file, "--as", "watch officer"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("directory of usdod: version 1 (changed; shared with 1 link)\n", result.Out);
        Assert.Equal(["PUT /api/v1/directory"], node.Requests);
        Assert.Equal(["watch officer"], node.Operators);
        var sent = Assert.Single(node.Imported);
        Assert.Equal(["secdef", "cjcs"], sent.Positions.Select(p => p.Id));
        Assert.Equal(["alice", "bob"], sent.Positions[0].Staff);
        Assert.Equal(new CounterpartRuleDto("prc", "secdef", "mnd"), Assert.Single(sent.Counterparts!));
    }

    [Fact]
    public async Task Import_OfTheSameDirectory_SaysUnchanged_AndJsonIsTheImportResult()
    {
        File.WriteAllText(_file, ValidFile);
        var node = new FakeNode();
        await CliRunner.RunAsync(["directory", "import", "--data", _data.Path, _file], node);

        var human = await CliRunner.RunAsync(["directory", "import", "--data", _data.Path, _file], node);
        var json = await CliRunner.RunAsync(["directory", "import", "--data", _data.Path, _file, "--json"], node);

        Assert.Equal("directory of usdod: version 1 (unchanged)\n", human.Out);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(["version", "changed", "sharedWith"], document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.False(document.RootElement.GetProperty("changed").GetBoolean());
    }

    [Theory]
    [InlineData("{\"party\": \"usdod\", \"positions\": [", "is not a directory file")]
    [InlineData("not json at all", "is not a directory file")]
    [InlineData("{\"positions\": []}", "party")]
    [InlineData("{\"party\": \"usdod\"}", "positions")]
    [InlineData("{\"party\": \"usdod\", \"positions\": [{\"id\": \"secdef\", \"title\": \"SecDef\", \"level\": \"one\", \"authority\": \"civilian\"}]}", "$.positions[0].level")]
    [InlineData("{\"party\": \"usdod\", \"positions\": [], \"positons\": []}", "positons")]
    [InlineData("{\"party\": \"usdod\", \"positions\": [null]}", "no null entries")]
    [InlineData("null", "is not a directory file")]
    public async Task Import_OfAnInvalidFile_FailsBeforeAnyHttpCall(string content, string expected)
    {
        File.WriteAllText(_file, content);
        var node = new FakeNode();

        var result = await CliRunner.RunAsync(["directory", "import", "--data", _data.Path, _file], node);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("hotline: error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Empty(node.Requests);
    }

    [Fact]
    public async Task Import_OfAMissingFile_SaysSo_BeforeAnyHttpCall()
    {
        var node = new FakeNode();

        var result = await CliRunner.RunAsync(["directory", "import", "--data", _data.Path, "/nonexistent/directory.json"], node);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("hotline: error: /nonexistent/directory.json: no such file\n", result.Error);
        Assert.Empty(node.Requests);
    }

    [Fact]
    public async Task Show_PrintsOurPositions_AndDeclaredCounterparts()
    {
        var node = new FakeNode
        {
            Directory = new DirectoryDocumentDto(
                "usdod",
                [new PositionDto("secdef", "Secretary of Defense", 1, "civilian", ["en", "fr"], "J. Smith")],
                [new CounterpartRuleDto("prc", "secdef", "mnd")],
                4),
        };

        var result = await CliRunner.RunAsync(["directory", "show", "--data", _data.Path], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n');
        Assert.Equal("directory of usdod, version 4", lines[0]);
        Assert.Matches(@"^ID\s+TITLE\s+LEVEL\s+AUTHORITY\s+PRINCIPAL\s+LANGUAGES$", lines[2]);
        Assert.Matches(@"^secdef\s+Secretary of Defense\s+1\s+civilian\s+J\. Smith\s+en, fr$", lines[3]);
        Assert.Contains("declared counterparts:", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"\nprc\s+secdef\s+mnd\n", result.Out);
    }

    [Fact]
    public async Task Show_WithLink_PrintsThePeersDirectory()
    {
        var node = new FakeNode();
        node.Links.Add(FakeNode.Link("L1", "prc"));
        node.PeerDirectories["L1"] = new PeerDirectoryDto(
            "L1", "prc", "PRC Ministry of National Defense", 2,
            [new PositionDto("mnd", "Minister of National Defense", 1, "military", ["zh-Hans"], "Dong Jun")], [], FakeNode.At);

        var result = await CliRunner.RunAsync(["directory", "show", "--data", _data.Path, "--link", "prc"], node);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("directory of PRC Ministry of National Defense, version 2: shared by prc on link L1, received 2026-11-29 08:00:00Z", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"mnd\s+Minister of National Defense\s+1\s+military\s+Dong Jun\s+zh-Hans", result.Out);
        Assert.Equal(["GET /api/v1/links/prc/directory"], node.Requests);
    }

    [Fact]
    public async Task Show_BeforeAnyImport_IsTheNodesNotFound()
    {
        var result = await CliRunner.RunAsync(["directory", "show", "--data", _data.Path], new FakeNode());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("hotline: error: No directory has been imported yet. (HTTP 404 from GET /api/v1/directory)\n", result.Error);
    }
}
