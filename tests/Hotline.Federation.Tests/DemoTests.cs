using System.Text.RegularExpressions;

namespace Hotline.Federation.Tests;

/// <summary>
/// `hotline demo --exit` plays the seed scenario to its end on two real nodes: the scenario file's own expectations
/// (including the report's figures) hold, or the demo fails naming the step. A scenario that does not hold fails it.
/// </summary>
public sealed class DemoTests : FederationTest
{
    [Fact(Timeout = 240_000)]
    public async Task Demo_PlaysTheSeedScenarioToItsEnd_AndPrintsTheReportItDescribes()
    {
        var data = Directory.CreateTempSubdirectory("hotline-demo-").FullName;
        Directory.Delete(data);
        try
        {
            var demo = await Cli.RunAsync(["demo", "--data", data, "--exit"], timeout: TimeSpan.FromMinutes(3), cancellationToken: Cancellation);

            Assert.True(demo.Succeeded, demo.ToString());
            var output = demo.Stdout;
            Assert.Contains("scenario: Reaching the other side's top generals", output, StringComparison.Ordinal);
            Assert.Matches(@"attempt 3, acknowledge by", output);
            Assert.Matches(@"prc escalation → role:watch-officer: Step 1: IMMEDIATE call request", output);
            Assert.Matches(@"counter call-3 — ""The Minister of National Defense is the appropriate counterpart.*"" → countered", output);
            Assert.Matches(@"cancel meeting — ""COVID-19 pandemic.*"" → cancelled", output);
            foreach (var (figure, count) in new[] { ("requests", 6), ("engagements", 4), ("repeated attempts", 2), ("expired", 2), ("cancelled", 1), ("completed", 2) })
            {
                Assert.Matches(new Regex($@"(?m)^  {figure}\s+{count}\b"), output);
            }

            Assert.Matches(@"level 1: secdef with mnd", output);
            Assert.Matches(@"(?m)^  usdod\s+http://127\.0\.0\.1:\d+", output);
            Assert.Matches(@"(?m)^  prc\s+http://127\.0\.0\.1:\d+", output);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Demo_WithAScenarioThatDoesNotHold_FailsNamingTheStep_AndRefusesADirectoryItDidNotMake()
    {
        var root = Directory.CreateTempSubdirectory("hotline-demo-").FullName;
        try
        {
            var scenario = Path.Combine(root, "broken.json");
            await File.WriteAllTextAsync(scenario, """
                {"title": "broken", "parties": {
                  "alpha": {"directory": {"party": "A", "positions": [{"id": "desk", "title": "Desk", "level": 1, "authority": "civilian"}]}},
                  "bravo": {"directory": {"party": "B", "positions": [{"id": "desk", "title": "Desk", "level": 1, "authority": "civilian"}]}}},
                 "steps": [
                  {"node": "alpha", "request": {"key": "r", "from": "desk", "to": "desk", "kind": "call", "purpose": "test"}},
                  {"expect": {"node": "bravo", "request": "r", "state": "accepted", "within": "00:00:02"}}]}
                """, Cancellation);

            var refused = await Cli.RunAsync(["demo", "--data", root, "--scenario", scenario, "--exit"], cancellationToken: Cancellation);
            Assert.False(refused.Succeeded, refused.ToString());
            Assert.Contains("was not made by hotline demo", refused.Stderr, StringComparison.Ordinal);

            var data = Path.Combine(root, "demo");
            var failed = await Cli.RunAsync(["demo", "--data", data, "--scenario", scenario, "--exit"], timeout: TimeSpan.FromMinutes(1), cancellationToken: Cancellation);
            Assert.False(failed.Succeeded, failed.ToString());
            Assert.Contains("step 2 failed: at bravo, expected request r to be accepted, but it is delivered", failed.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
