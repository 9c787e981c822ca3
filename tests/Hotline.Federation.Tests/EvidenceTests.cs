using Hotline.Federation.Tests.Harness;

namespace Hotline.Federation.Tests;

/// <summary>
/// Evidence from two real nodes: each side exports both directions of the link; the two exports hold the same signed
/// trees; `hotline evidence verify` accepts them, checks a disclosed body, and names the file of a tampered byte.
/// </summary>
public sealed class EvidenceTests : FederationTest
{
    [Fact(Timeout = 180_000)]
    public async Task BothSidesExport_TheSameCosignedTrees_ThatVerifyOffline_AndTamperingIsNamed()
    {
        var pair = await StartPairedAsync();
        var sent = await pair.SendAsync(MessageBodies.Range(0, 300, prefix: "evidence"), "ROUTINE", Cancellation);
        await pair.WaitUntilDeliveredAsync(300, TimeSpan.FromMinutes(1), Cancellation);
        await pair.B.Api.SendAsync(pair.LinkAtB, "FLASH", ["reply from bravo"], Cancellation);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while ((await pair.B.Api.GetOutboxAsync(null, Cancellation)).Any(o => o.State != "delivered"))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "B's reply was not delivered.");
            await Task.Delay(100, Cancellation);
        }

        var root = Directory.CreateTempSubdirectory("hotline-evidence-").FullName;
        try
        {
            var atA = Path.Combine(root, "a");
            var atB = Path.Combine(root, "b");
            var export = await Cli.RunAsync(["evidence", "export", "--data", pair.A.DataDirectory, "--link", pair.B.Name, "--out", atA, "--disclose", sent[7]], cancellationToken: Cancellation);
            Assert.True(export.Succeeded, export.ToString());
            Assert.Contains("alpha-to-bravo: 300 entries", export.Stdout, StringComparison.Ordinal);
            Assert.Contains("1 bodies disclosed", export.Stdout, StringComparison.Ordinal);
            var exportB = await Cli.RunAsync(["evidence", "export", "--data", pair.B.DataDirectory, "--link", pair.A.Name, "--out", atB], cancellationToken: Cancellation);
            Assert.True(exportB.Succeeded, exportB.ToString());

            var verify = await Cli.RunAsync(["evidence", "verify", atA], cancellationToken: Cancellation);
            Assert.True(verify.Succeeded, verify.ToString());
            Assert.Contains("alpha-to-bravo: OK — 300 entries", verify.Stdout, StringComparison.Ordinal);
            Assert.Contains("1 disclosed bodies match their ciphertexts", verify.Stdout, StringComparison.Ordinal);
            Assert.Contains("bravo-to-alpha: OK — 1 entries", verify.Stdout, StringComparison.Ordinal);
            Assert.True((await Cli.RunAsync(["evidence", "verify", atB], cancellationToken: Cancellation)).Succeeded);

            // Both parties hold the very same signed trees: checkpoint (signature and receipt) and every tile.
            foreach (var direction in new[] { "alpha-to-bravo", "bravo-to-alpha" })
            {
                var filesA = Files(Path.Combine(atA, direction)).Where(f => !f.StartsWith("disclosed", StringComparison.Ordinal)).ToList();
                Assert.Equal(filesA, Files(Path.Combine(atB, direction)));
                Assert.All(filesA, f => Assert.Equal(File.ReadAllBytes(Path.Combine(atA, direction, f)), File.ReadAllBytes(Path.Combine(atB, direction, f))));
            }

            // The peer may read the same tree straight from the sender as tlog-tiles, signing each read with its node key.
            var (bravoKey, bravoAgreement) = new Hotline.Node.DataDirectory(pair.B.DataDirectory).ReadKeys();
            using (bravoKey)
            using (bravoAgreement)
            using (var http = new HttpClient { BaseAddress = new Uri(pair.A.ListenUrl) })
            {
                foreach (var file in new[] { "checkpoint", "tile/0/000", "tile/0/001.p/44", "tile/1/000.p/1", "tile/entries/000", "tile/entries/001.p/44" })
                {
                    using var served = await ReadTileAsync(http, pair.LinkAtA, file, bravoKey, DateTimeOffset.UtcNow);
                    Assert.True(served.IsSuccessStatusCode, $"{file}: {(int)served.StatusCode}");
                    Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(atA, "alpha-to-bravo", file), Cancellation), await served.Content.ReadAsByteArrayAsync(Cancellation));
                }

                using var stranger = Hotline.Protocol.Crypto.NodeSigningKey.FromSeed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                using var unsigned = await http.GetAsync(new Uri($"/federation/v1/links/{pair.LinkAtA}/log/checkpoint", UriKind.Relative), Cancellation);
                using var byStranger = await ReadTileAsync(http, pair.LinkAtA, "checkpoint", stranger, DateTimeOffset.UtcNow);
                using var stale = await ReadTileAsync(http, pair.LinkAtA, "checkpoint", bravoKey, DateTimeOffset.UtcNow.AddMinutes(-10));
                using var beyond = await ReadTileAsync(http, pair.LinkAtA, "tile/entries/002", bravoKey, DateTimeOffset.UtcNow);
                Assert.Equal([403, 403, 403, 404], new[] { unsigned, byStranger, stale, beyond }.Select(r => (int)r.StatusCode));
            }

            // One envelope on its own: a tlog-proof with the envelope inside, checked with the two nodes' keys.
            var proofFile = Path.Combine(root, "one.tlog-proof");
            var prove = await Cli.RunAsync(["evidence", "prove", "--data", pair.B.DataDirectory, "--envelope", sent[42], "--out", proofFile], cancellationToken: Cancellation);
            Assert.True(prove.Succeeded, prove.ToString());
            var checkedProof = await Cli.RunAsync(["evidence", "verify", proofFile], cancellationToken: Cancellation);
            Assert.True(checkedProof.Succeeded, checkedProof.ToString());
            Assert.Contains($"envelope {sent[42]} (ROUTINE", checkedProof.Stdout, StringComparison.Ordinal);
            Assert.Contains("is entry 42 of alpha's log", checkedProof.Stdout, StringComparison.Ordinal);
            Assert.Contains("cosigned by hotline/node/bravo", checkedProof.Stdout, StringComparison.Ordinal);
            var lines = (await File.ReadAllLinesAsync(proofFile, Cancellation)).ToList();
            lines[lines.FindIndex(l => l.StartsWith("index ", StringComparison.Ordinal))] = "index 43";
            await File.WriteAllTextAsync(proofFile, string.Join('\n', lines) + "\n", Cancellation);
            var forged = await Cli.RunAsync(["evidence", "verify", proofFile], cancellationToken: Cancellation);
            Assert.False(forged.Succeeded, forged.ToString());
            Assert.Contains("one.tlog-proof: ", forged.Stderr, StringComparison.Ordinal);

            var bundle = Path.Combine(atB, "alpha-to-bravo", "tile", "entries", "000");
            var bytes = await File.ReadAllBytesAsync(bundle, Cancellation);
            bytes[^3] ^= 0x10;
            await File.WriteAllBytesAsync(bundle, bytes, Cancellation);
            var tampered = await Cli.RunAsync(["evidence", "verify", atB], cancellationToken: Cancellation);
            Assert.False(tampered.Succeeded, tampered.ToString());
            Assert.Contains("alpha-to-bravo/tile/0/000: the hashes do not match the entries of tile/entries/000", tampered.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Task<HttpResponseMessage> ReadTileAsync(HttpClient http, string link, string path, Hotline.Protocol.Crypto.NodeSigningKey key, DateTimeOffset at)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/federation/v1/links/{link}/log/{path}", UriKind.Relative));
        request.Headers.Add(Hotline.Protocol.Crypto.PeerRequestSignature.HeaderName,
            Hotline.Protocol.Crypto.PeerRequestSignature.Sign(key, Guid.Parse(link), path, at.ToUnixTimeSeconds()));
        return http.SendAsync(request, Cancellation);
    }

    private static List<string> Files(string directory)
        => [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f)).Order(StringComparer.Ordinal)];
}
