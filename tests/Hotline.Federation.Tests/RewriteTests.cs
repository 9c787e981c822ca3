using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hotline.Federation.Tests.Harness;
using Hotline.Node.Api;
using Hotline.Protocol.Transcript;
using Microsoft.Data.Sqlite;

namespace Hotline.Federation.Tests;

/// <summary>
/// A node that rewrites its own transcript (fault injected by editing its database while it is stopped: one past
/// entry changed, its tree recomputed, so the node goes on signing checkpoints over a history it already signed
/// differently) is caught by its peer — which refuses the next batch and, from the offender's own served tiles, keeps
/// a proof of misbehaviour — and by a witness, which refuses to cosign the inconsistent checkpoint.
/// </summary>
public sealed class RewriteTests : FederationTest, IAsyncDisposable
{
    private readonly List<WitnessProcess> _witnesses = [];

    [Fact(Timeout = 240_000)]
    public async Task ANodeRewritingItsLog_IsCaughtByThePeer_AndByTheWitness()
    {
        var witness = new WitnessProcess(Cli, "witness.test/w1");
        _witnesses.Add(witness);
        await witness.InitAsync(Cancellation);
        await witness.StartAsync(Cancellation);
        var a = await InitNodeAsync("alpha");
        var b = await InitNodeAsync("bravo");
        await File.WriteAllTextAsync(Path.Combine(a.DataDirectory, "config.json"), $$$"""
            {"Hotline": {"Witnesses": [{"Name": "{{{witness.Name}}}", "Url": "{{{witness.Url}}}", "VerifierKey": "{{{witness.VerifierKey}}}"}], "WitnessRetryCap": "00:00:01"}}
            """, Cancellation);
        await Task.WhenAll(a.StartAsync(Cancellation), b.StartAsync(Cancellation));
        var accept = await b.CliAsync("accept", [await NodePair.InviteAsync(a, Cancellation), "--json"], cancellationToken: Cancellation);
        Assert.True(accept.Succeeded, accept.ToString());
        var linkAtB = NodePair.ParseAccepted(accept.Stdout).Link;
        var linkAtA = (await NodePair.WaitForLinkAsync(a, b.Name, TimeSpan.FromSeconds(10), Cancellation)).Id;
        await witness.TrustAsync([(await WitnessesAsync(a, linkAtA)).LogVerifierKey], Cancellation);

        await a.Api.SendAsync(linkAtA, "ROUTINE", MessageBodies.Range(0, 10), Cancellation);
        await WaitAsync("the witness cosigned size 10", async () => await WitnessesAsync(a, linkAtA) is { Witnessed: true, ReceiptSize: 10 });
        Milestone("10 messages delivered and witnessed");

        await a.StopAsync(Cancellation);
        RewriteEntry(a.DataDirectory, sequence: 3);
        await a.StartAsync(Cancellation);
        await a.Api.SendAsync(linkAtA, "FLASH", ["sent after the rewrite"], Cancellation);

        // The peer refuses the batch and proves the rewrite from alpha's own tiles.
        var proofs = await WaitAsync("bravo kept a proof of misbehaviour", async () =>
            await b.Api.GetAsync("/api/v1/misbehaviour", OperatorJsonContext.Default.IReadOnlyListMisbehaviourDto, Cancellation) is { Count: > 0 } list ? list : null);
        var proof = Assert.Single(proofs);
        Assert.Equal(("rewrite", "alpha"), (proof.Kind, proof.Peer));
        Assert.Contains("entry 3", proof.Detail, StringComparison.Ordinal);
        Assert.Contains("\n10\n", proof.FirstNote, StringComparison.Ordinal);
        Assert.Contains("\n11\n", proof.SecondNote, StringComparison.Ordinal);
        Assert.Equal(10, (await b.Api.GetInboxAsync(null, Cancellation)).Count);
        Assert.Contains(await b.Api.GetNotificationsAsync(Cancellation), n => n.Kind == "misbehaviour");

        // The witness refuses to cosign the rewritten tree: it still holds alpha's size 10 with the old root.
        var witnessed = await WaitAsync("the witness refused alpha's rewritten checkpoint", async () =>
            await WitnessesAsync(a, linkAtA) is { Witnesses: [{ FailedAttempts: > 0, LastError: not null }] } w ? w : null);
        var log = (await witness.LogsAsync(Cancellation)).Single();
        Assert.Equal(10, log.Size);
        Assert.True(log.Refusals > 0, $"the witness counted no refusal; alpha says: {witnessed.Witnesses[0].LastError}");
    }

    // Re-implemented so xUnit's disposal also stops the witness process (the base class owns only nodes).
    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        foreach (var witness in _witnesses)
        {
            await witness.DisposeAsync();
        }

        await DisposeAsync();
    }

    /// <summary>Changes one byte of an outbound entry's sealed body and recomputes the leaf hash and the tree frontier.</summary>
    private static void RewriteEntry(string dataDirectory, long sequence)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "hotline.db")};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        byte[] entry;
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT entry FROM log_entries WHERE direction = 0 AND sequence = $s";
            read.Parameters.AddWithValue("$s", sequence);
            entry = (byte[])read.ExecuteScalar()!;
        }

        entry[^1] ^= 0x01;
        Execute(connection, transaction, "UPDATE log_entries SET entry = $e, leaf_hash = $h WHERE direction = 0 AND sequence = $s",
            ("$e", entry), ("$h", MerkleHash.Leaf(entry)), ("$s", sequence));
        var frontier = MerkleFrontier.Empty();
        using (var leaves = connection.CreateCommand())
        {
            leaves.Transaction = transaction;
            leaves.CommandText = "SELECT leaf_hash FROM log_entries WHERE direction = 0 ORDER BY sequence";
            using var reader = leaves.ExecuteReader();
            while (reader.Read())
            {
                frontier.Append((byte[])reader[0]);
            }
        }

        Execute(connection, transaction, "UPDATE logs SET frontier = $f WHERE direction = 0", ("$f", frontier.ToBytes()));
        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private static async Task<LinkWitnessesDto> WitnessesAsync(NodeProcess node, string link)
        => await node.Api.GetAsync($"/api/v1/links/{link}/witnesses", OperatorJsonContext.Default.LinkWitnessesDto, Cancellation);

    private static async Task<T> WaitAsync<T>(string what, Func<Task<T?>> poll)
        where T : class
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(45);
        while (true)
        {
            if (await poll() is { } value)
            {
                return value;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(200, Cancellation);
        }
    }

    private static async Task WaitAsync(string what, Func<Task<bool>> poll)
        => await WaitAsync<object>(what, async () => await poll() ? new object() : null);
}
