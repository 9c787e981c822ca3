using System.Text.Json;
using Hotline.Federation.Tests.Harness;
using Hotline.Node.Api;
using Hotline.Protocol.Crypto;

namespace Hotline.Federation.Tests;

/// <summary>
/// Deadlines and escalation on real processes with seconds-long settings: a FLASH request nobody acknowledges becomes
/// overdue on both nodes, the receiving node runs its escalation steps one by one (each recorded once) and POSTs each
/// notification, signed with its key, to a real local webhook receiver; the acknowledgment stops the escalation.
/// </summary>
public sealed class EscalationTests : FederationTest
{
    [Fact(Timeout = 120_000)]
    public async Task UnacknowledgedFlash_IsOverdueOnBothNodes_EscalatesStepByStep_WithSignedWebhooks()
    {
        await using var receiver = new WebhookReceiver();
        var pair = await StartPairedAsync();
        await ConfigureAsync(pair.A, """{"Hotline": {"Deadlines": {"Flash": "00:00:03"}, "MonitorInterval": "00:00:00.200"}}""");
        await ConfigureAsync(pair.B, $$$"""
            {"Hotline": {
              "MonitorInterval": "00:00:00.200",
              "Escalation": [
                {"Roles": ["watch-officer"], "Wait": "00:00:02"},
                {"Operators": ["duty-director-li"], "Wait": "00:00:02"},
                {"Roles": ["admin"], "Wait": "00:00:00"}],
              "Webhooks": [{"Url": "{{{receiver.Url}}}"}]}}
            """);
        await pair.A.Api.ImportDirectoryAsync(SeedDirectories.Dod(), Cancellation);
        await pair.B.Api.ImportDirectoryAsync(SeedDirectories.Prc(), Cancellation);
        var key = Convert.FromBase64String((await pair.B.Api.GetStatusAsync(Cancellation)).PublicKey!);

        var request = await pair.A.Api.OpenRequestAsync(new OpenRequestDto(pair.LinkAtA, "watch", "watch", "message", "Unsafe intercept at 0412Z", "FLASH"), Cancellation);
        Assert.Equal(request.SentAt.AddSeconds(3), request.AckDeadline);

        // Steps fall due at 0 s, 2 s and 4 s after sending; the deadline passes at 3 s.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        IReadOnlyList<NotificationDto> atB;
        while ((atB = await pair.B.Api.GetNotificationsAsync(Cancellation)).Count(n => n.Kind == "escalation") < 3)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"B escalated {atB.Count(n => n.Kind == "escalation")} steps.");
            await Task.Delay(200, Cancellation);
        }

        var steps = atB.Where(n => n.Kind == "escalation").ToList();
        Assert.Equal(["role:watch-officer", "duty-director-li", "role:admin"], steps.Select(s => s.Recipients));
        Assert.All(steps, s => Assert.Equal(request.Id, s.Request));
        Assert.StartsWith("Step 1: FLASH message request", steps[0].Text, StringComparison.Ordinal);
        // The schedule counts from the request's sending time (step 1 is taken on arrival, which may be late under load).
        Assert.True(steps[1].At >= request.SentAt.AddSeconds(2), $"Step 2 was taken at {steps[1].At:O}, before its moment {request.SentAt.AddSeconds(2):O}.");
        Assert.True(steps[2].At >= request.SentAt.AddSeconds(4), $"Step 3 was taken at {steps[2].At:O}, before its moment {request.SentAt.AddSeconds(4):O}.");

        Assert.True((await pair.B.Api.GetRequestAsync(request.Id, Cancellation)).Overdue);
        Assert.Equal("acknowledgment", (await pair.A.Api.GetRequestAsync(request.Id, Cancellation)).OverdueFor);

        // Every notification reached the webhook, signed by B's key.
        deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (receiver.Received.Count < atB.Count)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The webhook received {receiver.Received.Count} of {atB.Count} notifications.");
            await Task.Delay(100, Cancellation);
        }

        foreach (var hook in receiver.Received)
        {
            Assert.True(WebhookSignature.Verify(key, hook.Signature ?? "", hook.Body, out var signedAt), $"Bad signature: {hook.Signature}");
            Assert.InRange(signedAt, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var payload = JsonSerializer.Deserialize(hook.Body, OperatorJsonContext.Default.WebhookPayloadDto)!;
            Assert.Equal(("bravo", request.Id), (payload.Node, payload.Request));
        }

        // Acknowledging stops escalation and clears "overdue" (the acknowledgment is late, and counted so).
        var acknowledged = await pair.B.Api.ActAsync(request.Id, new RequestActionDto("ack"), Cancellation);
        Assert.False(acknowledged.Overdue);
        await HotlineLifecycleTests.WaitForStateAsync(pair.A.Api, request.Id, "acknowledged");
        var report = (await pair.A.Api.GetReportAsync(null, Cancellation)).Links.Single().Figures;
        Assert.Equal((1, 0), (report.Acknowledged, report.AcknowledgedWithinDeadline));
        await Task.Delay(1000, Cancellation);
        Assert.Equal(3, (await pair.B.Api.GetNotificationsAsync(Cancellation)).Count(n => n.Kind == "escalation"));
    }

    [Fact(Timeout = 120_000)]
    public async Task EscalationSteps_AreTakenOnce_AcrossARestart()
    {
        var pair = await StartPairedAsync();
        await ConfigureAsync(pair.B, """
            {"Hotline": {"MonitorInterval": "00:00:00.100",
              "Escalation": [{"Roles": ["watch-officer"], "Wait": "00:00:01"}, {"Roles": ["admin"], "Wait": "00:01:00"}]}}
            """);
        await pair.A.Api.ImportDirectoryAsync(SeedDirectories.Dod(), Cancellation);
        var request = await pair.A.Api.OpenRequestAsync(new OpenRequestDto(pair.LinkAtA, "secdef", "cmc-vc", "call", "Crisis communications"), Cancellation);
        await HotlineLifecycleTests.WaitForStateAsync(pair.B.Api, request.Id, "delivered");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while ((await pair.B.Api.GetNotificationsAsync(Cancellation)).Count(n => n.Kind == "escalation") < 2)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "B did not take both steps.");
            await Task.Delay(100, Cancellation);
        }

        await pair.B.KillAsync();
        await pair.B.StartAsync(Cancellation);
        await Task.Delay(1000, Cancellation);
        Assert.Equal(2, (await pair.B.Api.GetNotificationsAsync(Cancellation)).Count(n => n.Kind == "escalation"));
    }

    /// <summary>Writes DATA/config.json and restarts the node so it reads it.</summary>
    private static async Task ConfigureAsync(NodeProcess node, string json)
    {
        await File.WriteAllTextAsync(Path.Combine(node.DataDirectory, "config.json"), json, Cancellation);
        await node.StopAsync(Cancellation);
        await node.StartAsync(Cancellation);
    }
}
