using System.Diagnostics;
using Hotline.Federation.Tests.Harness;

namespace Hotline.Federation.Tests;

public sealed class DeliveryAcrossCrashesTests : FederationTest
{
    private const int MessageCount = 10_000;
    private const int BatchSize = 1_000;
    private static readonly TimeSpan s_deliveryTimeout = TimeSpan.FromMinutes(4);

    [Fact(Timeout = 360_000)]
    public async Task TenThousandMessages_ArriveExactlyOnceAndInOrder_WhenBothNodesAreKilledMidStream()
    {
        var pair = await StartPairedAsync();
        var bodies = MessageBodies.Range(0, MessageCount);
        var submitted = new List<string>(MessageCount);
        async Task SubmitBatchAsync(int batch)
            => submitted.AddRange(await pair.SendAsync(bodies.Skip(batch * BatchSize).Take(BatchSize).ToArray(), "ROUTINE", Cancellation));

        // B crashes while envelopes are flowing to it, with more queued behind.
        for (var batch = 0; batch < 3; batch++)
        {
            await SubmitBatchAsync(batch);
        }

        var seen = await WaitForProgressAsync(pair, after: null);
        await pair.B.KillAsync();
        Milestone($"B killed after storing up to sequence {seen}; {submitted.Count} submitted");
        await SubmitBatchAsync(3);
        await SubmitBatchAsync(4);
        await pair.B.StartAsync(Cancellation);

        // A crashes with a backlog in its outbox and its relay busy (submissions only between crashes, so each
        // submit either returned its ids or never happened).
        await SubmitBatchAsync(5);
        await pair.A.CrashAndRestartAsync(Cancellation);
        Milestone($"A killed and restarted; {submitted.Count} submitted");

        // B crashes a second time, again once it has made progress.
        await SubmitBatchAsync(6);
        await SubmitBatchAsync(7);
        seen = await WaitForProgressAsync(pair, after: seen);
        await pair.B.KillAsync();
        Milestone($"B killed after storing up to sequence {seen}; {submitted.Count} submitted");
        await SubmitBatchAsync(8);
        await SubmitBatchAsync(9);
        await pair.B.StartAsync(Cancellation);

        var outbox = await pair.WaitUntilDeliveredAsync(MessageCount, s_deliveryTimeout, Cancellation);
        Milestone("A's outbox shows every message delivered");
        var inbox = await pair.InboxAsync(Cancellation);

        Assert.Equal(MessageCount, submitted.Count);
        Assert.Equal(MessageCount, submitted.Distinct(StringComparer.Ordinal).Count());
        Assert.True(outbox.Count == MessageCount, $"A's outbox holds {outbox.Count} items for {MessageCount} submitted.");
        AssertSameSequence("A's outbox ids (submit order)", submitted, outbox.Select(o => o.Id).ToList(), pair);
        Assert.True(inbox.Count == MessageCount, $"B's inbox holds {inbox.Count} messages, expected {MessageCount}.{Environment.NewLine}{Describe(inbox)}");
        AssertSameSequence("B's inbox sequences", Enumerable.Range(0, MessageCount).Select(i => (long)i).ToList(), inbox.Select(i => i.Sequence).ToList(), pair);
        AssertSameSequence("B's inbox bodies", bodies, inbox.Select(i => i.Body).ToList(), pair);
        var duplicateIds = inbox.GroupBy(i => i.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicateIds.Count == 0, $"B's inbox repeats {duplicateIds.Count} ids, e.g. {string.Join(", ", duplicateIds.Take(5))}.");
    }

    /// <summary>Waits (60 s at most) until B stored a sequence above <paramref name="after"/>; returns the newest.</summary>
    private static async Task<long> WaitForProgressAsync(NodePair pair, long? after)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var last = await pair.LastReceivedSequenceAsync(after, Cancellation);
            if (last is not null && last != after)
            {
                return last.Value;
            }

            await Task.Delay(20, Cancellation);
        }

        Assert.Fail($"B stored nothing after sequence {after?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} within 60 s.{Environment.NewLine}{pair.Logs()}");
        return 0;
    }

    private static void AssertSameSequence<T>(string what, IReadOnlyList<T> expected, IReadOnlyList<T> actual, NodePair pair)
    {
        var comparer = EqualityComparer<T>.Default;
        var length = Math.Min(expected.Count, actual.Count);
        for (var i = 0; i < length; i++)
        {
            if (!comparer.Equals(expected[i], actual[i]))
            {
                Assert.Fail($"{what} differ first at position {i}: expected {expected[i]}, got {actual[i]}.{Environment.NewLine}{pair.Logs(60)}");
            }
        }

        Assert.True(expected.Count == actual.Count, $"{what}: expected {expected.Count} items, got {actual.Count}.");
    }

    private static string Describe(IReadOnlyList<Hotline.Node.Api.InboxItemDto> inbox)
    {
        var indexes = inbox.Select(i => MessageBodies.IndexOf(i.Body)).ToList();
        var missing = Enumerable.Range(0, MessageCount).Except(indexes).ToList();
        var duplicated = indexes.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        return $"missing {missing.Count} (first: {string.Join(", ", missing.Take(10))}); "
            + $"duplicated {duplicated.Count} (first: {string.Join(", ", duplicated.Take(10))}).";
    }
}
