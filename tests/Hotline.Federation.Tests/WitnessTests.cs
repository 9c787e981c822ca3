using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Hotline.Federation.Tests.Harness;
using Hotline.Node.Api;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;

namespace Hotline.Federation.Tests;

/// <summary>
/// A real `hotline witness run` process (C2SP tlog-witness v1.0.0) beside two real nodes configured to submit their
/// checkpoints to it: it cosigns each sender's transcript, keeps its state across a restart, answers the spec's status
/// codes to rollbacks and forks (driven directly over HTTP with a log key the test holds), and delivery does not wait
/// for it: with the witness down messages flow, and cosignatures catch up once it is back.
/// </summary>
public sealed class WitnessTests : FederationTest, IAsyncLifetime, IAsyncDisposable
{
    private const string TestOrigin = "example.test/log";
    private readonly List<WitnessProcess> _witnesses = [];

    [Fact(Timeout = 180_000)]
    public async Task Witness_CosignsBothSendersCheckpoints_AndKeepsItsStateAcrossARestart()
    {
        var witness = await StartWitnessAsync();
        var (a, b, linkAtA, linkAtB) = await StartNodesAsync(witness);
        var atA = await GetWitnessesAsync(a, linkAtA);
        var atB = await GetWitnessesAsync(b, linkAtB);
        Assert.Equal(1, atA.Quorum);
        // Trusted beside the running witness: it reads its known logs on every request.
        await witness.TrustAsync([atA.LogVerifierKey, atB.LogVerifierKey], Cancellation);

        await a.Api.SendAsync(linkAtA, "ROUTINE", MessageBodies.Range(0, 300), Cancellation);
        await b.Api.SendAsync(linkAtB, "ROUTINE", MessageBodies.Range(0, 40, prefix: "reply"), Cancellation);
        Assert.Equal(300, (await WaitForInboxAsync(b, linkAtB, 300)).Count);
        Assert.Equal(40, (await WaitForInboxAsync(a, linkAtA, 40)).Count);

        var witnessedA = await WaitUntilWitnessedAsync(a, linkAtA, 300);
        var witnessedB = await WaitUntilWitnessedAsync(b, linkAtB, 40);
        Milestone("both transcripts witnessed");
        var logs = await witness.LogsAsync(Cancellation);
        AssertCosignedByWitness(witness, witnessedA, logs.Single(l => l.Origin == atA.Origin));
        AssertCosignedByWitness(witness, witnessedB, logs.Single(l => l.Origin == atB.Origin));

        // A restart keeps what it cosigned: an old size other than its latest is refused with that latest.
        Assert.Equal(0, await witness.StopAsync(Cancellation));
        await witness.StartAsync(Cancellation);
        var afterRestart = (await witness.LogsAsync(Cancellation)).Single(l => l.Origin == atA.Origin);
        Assert.Equal(300, afterRestart.Size);
        var stale = await witness.AddCheckpointAsync("old 0\n\n" + afterRestart.Checkpoint, Cancellation);
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal("text/x.tlog.size", stale.ContentType);
        Assert.Equal("300\n", stale.Body);
        var again = await witness.AddCheckpointAsync("old 300\n\n" + afterRestart.Checkpoint, Cancellation);
        Assert.Equal(HttpStatusCode.OK, again.Status);

        // And goes on from there with a consistency proof.
        await a.Api.SendAsync(linkAtA, "FLASH", MessageBodies.Range(300, 25), Cancellation);
        await WaitForInboxAsync(b, linkAtB, 325);
        var grown = await WaitUntilWitnessedAsync(a, linkAtA, 325);
        AssertCosignedByWitness(witness, grown, (await witness.LogsAsync(Cancellation)).Single(l => l.Origin == atA.Origin));
        Assert.DoesNotContain(witness.Log.ToString(), "Inconsistent", StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Witness_RefusesUnknownLogsRollbacksAndForks_WithTheSpecStatusCodes()
    {
        var witness = await StartWitnessAsync();
        using var logKey = NodeSigningKey.FromSeed(RandomNumberGenerator.GetBytes(32));
        using var strangerKey = NodeSigningKey.FromSeed(RandomNumberGenerator.GetBytes(32));
        await witness.TrustAsync([new NoteKey(TestOrigin, NoteKey.Ed25519Type, logKey.PublicKey).ToVerifierKey()], Cancellation);
        var tree = Leaves(12, "honest");
        var fork = Leaves(12, "forked");
        var witnessKey = ParseKey(witness.VerifierKey);

        // 404 unknown origin, 403 not signed by the trusted key, 400 malformed.
        Assert.Equal(HttpStatusCode.NotFound, (await witness.AddCheckpointAsync(Body(0, [], Note("example.test/other", tree, 5, logKey)), Cancellation)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await witness.AddCheckpointAsync(Body(0, [], Note(TestOrigin, tree, 5, strangerKey)), Cancellation)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await witness.AddCheckpointAsync("old 00\n\n" + Note(TestOrigin, tree, 5, logKey), Cancellation)).Status);

        // The first checkpoint from 0, then a consistent extension: cosigned, each with a cosignature by the witness key.
        var five = Note(TestOrigin, tree, 5, logKey);
        var first = await witness.AddCheckpointAsync(Body(0, [], five), Cancellation);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.True(VerifiesWith(first.Body, five, witnessKey), first.Body);
        var eight = Note(TestOrigin, tree, 8, logKey);
        var second = await witness.AddCheckpointAsync(Body(5, MerkleProofs.ConsistencyProof(tree, 5, 8), eight), Cancellation);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.True(VerifiesWith(second.Body, eight, witnessKey), second.Body);

        // Rollback: from an old size that is not its latest → 409 with its size; an older checkpoint from its latest → 400.
        var rollback = await witness.AddCheckpointAsync(Body(0, [], five), Cancellation);
        Assert.Equal((HttpStatusCode.Conflict, "text/x.tlog.size", "8\n"), (rollback.Status, rollback.ContentType, rollback.Body));
        Assert.Equal(HttpStatusCode.Conflict, (await witness.AddCheckpointAsync(Body(5, MerkleProofs.ConsistencyProof(tree, 5, 8), eight), Cancellation)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await witness.AddCheckpointAsync(Body(8, [], five), Cancellation)).Status);

        // Fork: the same size with another root, or a larger tree that does not extend the one it cosigned → 422.
        var forkedEight = Note(TestOrigin, fork, 8, logKey);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await witness.AddCheckpointAsync(Body(8, [], forkedEight), Cancellation)).Status);
        var forkedTen = Note(TestOrigin, fork, 10, logKey);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await witness.AddCheckpointAsync(Body(8, MerkleProofs.ConsistencyProof(fork, 8, 10), forkedTen), Cancellation)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await witness.AddCheckpointAsync(Body(8, [RandomNumberGenerator.GetBytes(32)], Note(TestOrigin, tree, 10, logKey)), Cancellation)).Status);

        // Still at 8 with the honest root; the same checkpoint again is cosigned again, and the honest tree goes on.
        var log = (await witness.LogsAsync(Cancellation)).Single();
        Assert.Equal(8, log.Size);
        Assert.Equal(Convert.ToBase64String(MerkleProofs.SubtreeRoot(tree, 0, 8)), log.Root);
        Assert.Equal(3, log.Refusals);
        Assert.Equal(HttpStatusCode.OK, (await witness.AddCheckpointAsync(Body(8, [], eight), Cancellation)).Status);
        var twelve = Note(TestOrigin, tree, 12, logKey);
        var third = await witness.AddCheckpointAsync(Body(8, MerkleProofs.ConsistencyProof(tree, 8, 12), twelve), Cancellation);
        Assert.Equal(HttpStatusCode.OK, third.Status);
        Assert.True(VerifiesWith(third.Body, twelve, witnessKey), third.Body);
    }

    [Fact(Timeout = 120_000)]
    public async Task ConcurrentSubmissions_FromOneOldSize_CosignExactlyOne_AndNeverRollTheWitnessBack()
    {
        var witness = await StartWitnessAsync();
        using var logKey = NodeSigningKey.FromSeed(RandomNumberGenerator.GetBytes(32));
        await witness.TrustAsync([new NoteKey(TestOrigin, NoteKey.Ed25519Type, logKey.PublicKey).ToVerifierKey()], Cancellation);
        var tree = Leaves(40, "honest");
        Assert.Equal(HttpStatusCode.OK, (await witness.AddCheckpointAsync(Body(0, [], Note(TestOrigin, tree, 8, logKey)), Cancellation)).Status);

        // Sixteen requests race, all from size 8, each to another larger size of the same honest tree.
        var sizes = Enumerable.Range(9, 16).ToList();
        var replies = await Task.WhenAll(sizes.Select(size =>
            witness.AddCheckpointAsync(Body(8, MerkleProofs.ConsistencyProof(tree, 8, size), Note(TestOrigin, tree, size, logKey)), Cancellation)));

        var winner = sizes[Array.FindIndex(replies, r => r.Status == HttpStatusCode.OK)];
        Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
        Assert.All(replies.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal((HttpStatusCode.Conflict, winner + "\n"), (r.Status, r.Body)));
        Assert.Equal(winner, (await witness.LogsAsync(Cancellation)).Single().Size);
    }

    [Fact(Timeout = 180_000)]
    public async Task Delivery_DoesNotWaitForADownWitness_AndCosignaturesCatchUpWhenItIsBack()
    {
        var witness = new WitnessProcess(Cli, "witness.test/w1");
        _witnesses.Add(witness);
        await witness.InitAsync(Cancellation);
        var (a, b, linkAtA, linkAtB) = await StartNodesAsync(witness);
        await witness.TrustAsync([(await GetWitnessesAsync(a, linkAtA)).LogVerifierKey], Cancellation);

        // The witness was never started: every message is delivered all the same.
        await a.Api.SendAsync(linkAtA, "ROUTINE", MessageBodies.Range(0, 200), Cancellation);
        Assert.Equal(200, (await WaitForInboxAsync(b, linkAtB, 200)).Count);
        var down = await GetWitnessesAsync(a, linkAtA);
        Assert.Equal(200, down.ReceiptSize);
        Assert.False(down.Witnessed);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while ((down = await GetWitnessesAsync(a, linkAtA)).Witnesses[0].FailedAttempts == 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "A never reported a failed attempt to reach the witness.");
            await Task.Delay(100, Cancellation);
        }

        Assert.NotNull(down.Witnesses[0].LastError);
        Milestone("delivered with the witness down");

        await witness.StartAsync(Cancellation);
        var caughtUp = await WaitUntilWitnessedAsync(a, linkAtA, 200);
        // The failure count is reset just after the cosignature is stored, so it may lag the "witnessed" flag by a moment.
        deadline = DateTimeOffset.UtcNow.AddSeconds(5);
        while ((caughtUp = await GetWitnessesAsync(a, linkAtA)).Witnesses[0].FailedAttempts != 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"A still counts {caughtUp.Witnesses[0].FailedAttempts} failed attempts after the witness cosigned.");
            await Task.Delay(50, Cancellation);
        }

        AssertCosignedByWitness(witness, caughtUp, (await witness.LogsAsync(Cancellation)).Single());
    }

    [Fact(Timeout = 60_000)]
    public async Task Node_WithAMisconfiguredWitness_RefusesToStart_SayingWhich()
    {
        var node = await InitNodeAsync("alpha");
        await File.WriteAllTextAsync(Path.Combine(node.DataDirectory, "config.json"), """
            {"Hotline": {"Witnesses": [{"Name": "w1", "Url": "not a url", "VerifierKey": "w1+00000000+AAAA"}], "WitnessQuorum": 2}}
            """, Cancellation);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => node.StartAsync(Cancellation));

        Assert.Contains("Witness w1: VerifierKey", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Witness w1: Url 'not a url'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("WitnessQuorum must be between 1 and the number of witnesses (1)", failure.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task WitnessCommands_RefuseASecondInit_AndKeysThatAreNotLogKeys()
    {
        var witness = new WitnessProcess(Cli, "witness.test/w1");
        _witnesses.Add(witness);
        await witness.InitAsync(Cancellation);
        Assert.Matches(@"^witness\.test/w1\+[0-9a-f]{8}\+", witness.VerifierKey);

        var second = await Cli.RunAsync(["witness", "init", "--data", witness.DataDirectory, "--name", "other"], cancellationToken: Cancellation);
        var cosignerKey = await Cli.RunAsync(["witness", "trust", "--data", witness.DataDirectory, witness.VerifierKey], cancellationToken: Cancellation);
        var garbage = await Cli.RunAsync(["witness", "trust", "--data", witness.DataDirectory, "not-a-key"], cancellationToken: Cancellation);

        Assert.Contains("already holds a witness", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("Ed25519 (0x01)", cosignerKey.Stderr, StringComparison.Ordinal);
        Assert.Contains("is not a verifier key", garbage.Stderr, StringComparison.Ordinal);
        Assert.All([second, cosignerKey, garbage], r => Assert.Equal(1, r.ExitCode));
        Assert.Empty(await witness.LogsAsync(Cancellation));
    }

    /// <summary>Also stops the witnesses and, when the test failed, shows their output (the base shows the nodes').</summary>
    public new async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result is TestResult.Failed)
        {
            foreach (var witness in _witnesses)
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"===== witness {witness.Name} ({witness.DataDirectory}) =====");
                TestContext.Current.TestOutputHelper?.WriteLine(witness.Log.Tail(200));
            }
        }

        foreach (var witness in _witnesses)
        {
            await witness.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private async Task<WitnessProcess> StartWitnessAsync()
    {
        var witness = new WitnessProcess(Cli, "witness.test/w1");
        _witnesses.Add(witness);
        await witness.InitAsync(Cancellation);
        await witness.StartAsync(Cancellation);
        return witness;
    }

    /// <summary>Nodes alpha and bravo configured with <paramref name="witness"/> (retries capped at 1 s), started and paired.</summary>
    private async Task<(NodeProcess A, NodeProcess B, string LinkAtA, string LinkAtB)> StartNodesAsync(WitnessProcess witness)
    {
        var a = await InitNodeAsync("alpha");
        var b = await InitNodeAsync("bravo");
        var config = $$$"""
            {"Hotline": {"Witnesses": [{"Name": "{{{witness.Name}}}", "Url": "{{{witness.Url}}}", "VerifierKey": "{{{witness.VerifierKey}}}"}], "WitnessRetryCap": "00:00:01"}}
            """;
        foreach (var node in new[] { a, b })
        {
            await File.WriteAllTextAsync(Path.Combine(node.DataDirectory, "config.json"), config, Cancellation);
        }

        await Task.WhenAll(a.StartAsync(Cancellation), b.StartAsync(Cancellation));
        var accept = await b.CliAsync("accept", [await NodePair.InviteAsync(a, Cancellation), "--json"], cancellationToken: Cancellation);
        Assert.True(accept.Succeeded, accept.ToString());
        var linkAtB = NodePair.ParseAccepted(accept.Stdout).Link;
        var linkAtA = (await NodePair.WaitForLinkAsync(a, b.Name, TimeSpan.FromSeconds(10), Cancellation)).Id;
        return (a, b, linkAtA, linkAtB);
    }

    private static async Task<LinkWitnessesDto> GetWitnessesAsync(NodeProcess node, string link)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = node.Api.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await File.ReadAllTextAsync(Path.Combine(node.DataDirectory, "operator.token"), Cancellation)).Trim());
        return (await http.GetFromJsonAsync(new Uri($"/api/v1/links/{link}/witnesses", UriKind.Relative), OperatorJsonContext.Default.LinkWitnessesDto, Cancellation))!;
    }

    /// <summary>Waits until the link's latest receipt is at <paramref name="size"/> and witnessed.</summary>
    private static async Task<LinkWitnessesDto> WaitUntilWitnessedAsync(NodeProcess node, string link, long size)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        LinkWitnessesDto status;
        while (!((status = await GetWitnessesAsync(node, link)).Witnessed && status.ReceiptSize == size))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline,
                $"{node.Name}'s transcript was not witnessed at size {size}: receipt {status.ReceiptSize}, {status.Cosignatures}/{status.Quorum} cosignatures, "
                + $"witness at {status.Witnesses[0].CosignedSize} ({status.Witnesses[0].LastError}).{Environment.NewLine}{node.Log.Tail()}");
            await Task.Delay(100, Cancellation);
        }

        return status;
    }

    private static async Task<IReadOnlyList<InboxItemDto>> WaitForInboxAsync(NodeProcess node, string link, int count)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        IReadOnlyList<InboxItemDto> inbox;
        while ((inbox = await node.Api.GetInboxAsync(link, Cancellation)).Count < count)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{node.Name} received {inbox.Count} of {count} messages.{Environment.NewLine}{node.Log.Tail()}");
            await Task.Delay(100, Cancellation);
        }

        return inbox;
    }

    /// <summary>The node's stored cosignature on its receipted checkpoint verifies with the witness's key over the
    /// checkpoint the witness itself reports as its latest for the origin (the two sides agree).</summary>
    private static void AssertCosignedByWitness(WitnessProcess witness, LinkWitnessesDto status, WitnessLogEntry log)
    {
        var cosigned = Assert.Single(status.Witnesses);
        Assert.Equal(witness.Name, cosigned.Name);
        Assert.True(cosigned.CosignsReceipt);
        Assert.Equal(status.ReceiptSize, cosigned.CosignedSize);
        Assert.Equal(status.ReceiptSize, log.Size);
        var text = string.Create(CultureInfo.InvariantCulture, $"{status.Origin}\n{log.Size}\n{log.Root}\n");
        Assert.StartsWith(text + "\n", log.Checkpoint, StringComparison.Ordinal);
        Assert.True(SignedNote.TryParseSignatureLine(cosigned.Cosignature!.TrimEnd('\n'), out var line, out _));
        Assert.True(Cosignature.Verify(text, line, ParseKey(witness.VerifierKey), out var timestamp));
        Assert.InRange(DateTimeOffset.FromUnixTimeSeconds((long)timestamp), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    private static NoteKey ParseKey(string verifierKey)
        => NoteKey.TryParseVerifierKey(verifierKey, out var key, out var error) ? key : throw new FormatException(error);

    private static List<byte[]> Leaves(int count, string tag)
        => [.. Enumerable.Range(0, count).Select(i => MerkleHash.Leaf(Encoding.UTF8.GetBytes($"{tag} entry {i}")))];

    private static string Note(string origin, List<byte[]> leaves, long size, NodeSigningKey key)
    {
        var text = new Checkpoint(origin, size, MerkleProofs.SubtreeRoot(leaves, 0, size)).ToText();
        return new SignedNote(text, [SignedNote.SignEd25519(text, origin, key)]).Format();
    }

    private static string Body(long oldSize, IReadOnlyList<byte[]> proof, string note)
        => string.Create(CultureInfo.InvariantCulture, $"old {oldSize}\n{string.Concat(proof.Select(p => Convert.ToBase64String(p) + "\n"))}\n{note}");

    private static bool VerifiesWith(string lines, string note, NoteKey witnessKey)
    {
        Assert.True(SignedNote.TryParse(note, out var parsed, out _));
        return lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Any(line =>
            SignedNote.TryParseSignatureLine(line, out var signature, out _) && Cosignature.Verify(parsed.Text, signature, witnessKey, out _));
    }
}
