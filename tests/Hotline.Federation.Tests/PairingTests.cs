using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hotline.Federation.Tests.Harness;
using Hotline.Node.Api;

namespace Hotline.Federation.Tests;

public sealed class PairingTests : FederationTest
{
    [Fact(Timeout = 120_000)]
    public async Task AcceptedInvitation_GivesBothNodesAnActiveLinkWithTheSameSafetyNumber()
    {
        var pair = await StartPairAsync();

        var accepted = await pair.PairAsync(Cancellation);

        var atA = await WaitForActiveLinkAsync(pair.A, pair.B.Name);
        var atB = await WaitForActiveLinkAsync(pair.B, pair.A.Name);
        Assert.Equal(pair.A.Name, accepted.Peer);
        Assert.Equal(accepted.Link, atB.Id);
        Assert.False(string.IsNullOrWhiteSpace(accepted.SafetyNumber), "accept printed an empty safety number");
        Assert.Equal(accepted.SafetyNumber, atB.SafetyNumber);
        Assert.Equal(atB.SafetyNumber, atA.SafetyNumber);
    }

    [Fact(Timeout = 120_000)]
    public async Task InvitationToken_AcceptedOnce_IsRefusedTheSecondTime()
    {
        var pair = await StartPairAsync();
        var charlie = await InitNodeAsync("charlie");
        await charlie.StartAsync(Cancellation);
        var token = await NodePair.InviteAsync(pair.A, Cancellation);
        var first = await pair.B.CliAsync("accept", [token, "--json"], cancellationToken: Cancellation);
        Assert.True(first.Succeeded, $"The first accept must succeed.{Environment.NewLine}{first}");

        var second = await charlie.CliAsync("accept", [token], cancellationToken: Cancellation);

        Assert.False(second.Succeeded, $"A second accept of the same token must fail.{Environment.NewLine}{second}");
        Assert.True(Regex.IsMatch(second.Output, "(?i)already|used|redeemed|consumed"), $"The refusal must say the token was used.{Environment.NewLine}{second}");
        Assert.Empty(await charlie.Api.GetLinksAsync(Cancellation));
        Assert.Single(await pair.A.Api.GetLinksAsync(Cancellation));
    }

    [Fact(Timeout = 150_000)]
    public async Task ExpiredInvitationToken_IsRefused()
    {
        var pair = await StartPairAsync();
        var token = await CreateExpiredInvitationAsync(pair.A);

        var accept = await pair.B.CliAsync("accept", [token], cancellationToken: Cancellation);

        Assert.False(accept.Succeeded, $"Accepting an expired token must fail.{Environment.NewLine}{accept}");
        Assert.True(accept.Output.Contains("expired", StringComparison.OrdinalIgnoreCase), $"The refusal must say the token expired.{Environment.NewLine}{accept}");
        Assert.Empty(await pair.B.Api.GetLinksAsync(Cancellation));
        Assert.Empty(await pair.A.Api.GetLinksAsync(Cancellation));
    }

    /// <summary>
    /// An invitation that has expired: `hotline invite --expires 1` (a minute is the shortest lifetime a node grants),
    /// then waits until its expiry has passed (75 s at most).
    /// </summary>
    private static async Task<string> CreateExpiredInvitationAsync(NodeProcess inviter)
    {
        var invite = await inviter.CliAsync("invite", ["--expires", "1", "--json"], cancellationToken: Cancellation);
        Assert.True(invite.Succeeded, invite.ToString());
        using var json = JsonDocument.Parse(invite.Stdout);
        var token = json.RootElement.GetProperty("token").GetString()!;
        var expiresAt = json.RootElement.GetProperty("expiresAt").GetDateTimeOffset();

        var wait = expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        Assert.True(wait < TimeSpan.FromSeconds(75), $"The invitation expires only at {expiresAt:O}.");
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, Cancellation);
        }

        return token;
    }

    /// <summary>Reads `hotline links --json` until the link to <paramref name="peer"/> is active (15 s at most).</summary>
    private static async Task<LinkDto> WaitForActiveLinkAsync(NodeProcess node, string peer)
    {
        var clock = Stopwatch.StartNew();
        CliResult links;
        do
        {
            links = await node.CliAsync("links", ["--json"], cancellationToken: Cancellation);
            Assert.True(links.Succeeded, links.ToString());
            var link = ParseLinks(links.Stdout).FirstOrDefault(l => l.Peer == peer);
            if (link is not null && IsActive(link.State))
            {
                return link;
            }

            await Task.Delay(200, Cancellation);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(15));

        Assert.Fail($"Node {node.Name} shows no active link to {peer}.{Environment.NewLine}{links}{Environment.NewLine}{node.Log.Tail()}");
        return null!;
    }

    /// <summary>The node reports a working link as "up" (last exchange succeeded); "active" is the contract's word.</summary>
    private static bool IsActive(string state)
        => state.Equals("up", StringComparison.OrdinalIgnoreCase) || state.Equals("active", StringComparison.OrdinalIgnoreCase);

    private static IReadOnlyList<LinkDto> ParseLinks(string json)
        => JsonSerializer.Deserialize(json, OperatorJsonContext.Default.IReadOnlyListLinkDto)
            ?? throw new FormatException($"`hotline links --json` printed: {json}");
}
