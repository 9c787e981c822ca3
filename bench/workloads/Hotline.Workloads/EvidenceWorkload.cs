using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Hotline.Node;
using Hotline.Node.Evidence;
using Hotline.Protocol;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Evidence;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;
using Hotline.Storage;

namespace Hotline.Workloads;

/// <summary>
/// <c>dotnet run -c Release --project bench/workloads/Hotline.Workloads -- evidence [ENTRIES]</c> (default 1,000,000):
/// fills a real node database with a peer's transcript of that many envelopes (stored as received batches, receipted),
/// exports it with the node's exporter (<c>hotline evidence export</c>), verifies the export from disk with the offline
/// verifier, and measures raw SHA-256 and Ed25519 in the same run for comparison. Bounded: it stops by itself.
/// </summary>
public static class EvidenceWorkload
{
    public static async Task<int> RunAsync(long size, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("hotline-evidence-bench-").FullName;
        try
        {
            var data = Path.Combine(root, "alpha");
            await NodeHost.InitAsync(new InitRequest(data, "alpha", "http://127.0.0.1:1"), cancellationToken);
            using var peerKey = NodeSigningKey.FromSeed(RandomNumberGenerator.GetBytes(32));
            var link = new LinkRecord(Guid.CreateVersion7(), "bravo", peerKey.PublicKey, RandomNumberGenerator.GetBytes(32), ["http://127.0.0.1:2/"], "", DateTimeOffset.UtcNow, null);

            var fill = Stopwatch.StartNew();
            long entryBytes = 0;
            var runtime = await NodeHost.OpenRuntimeAsync(data, cancellationToken);
            await using (runtime)
            {
                await runtime.Store.CreateLinkAsync(link, cancellationToken);
                var origin = TranscriptNames.Origin(link.Id, link.PeerName);
                var frontier = MerkleFrontier.Empty();
                var body = RandomNumberGenerator.GetBytes(BodySeal.Overhead + 64);
                const int BatchSize = 10_000;
                for (long start = 0; start < size; start += BatchSize)
                {
                    var rows = new List<(Guid, byte[], byte[])>();
                    for (var i = start; i < Math.Min(size, start + BatchSize); i++)
                    {
                        var id = Guid.CreateVersion7();
                        var entry = new Envelope(link.Id, id, i, Precedence.Routine, EnvelopeType.Message, DateTimeOffset.UnixEpoch.AddSeconds(i), peerKey.PublicKey, "", "", body).Encode();
                        var leaf = MerkleHash.Leaf(entry);
                        frontier.Append(leaf);
                        rows.Add((id, entry, leaf));
                        entryBytes += entry.Length;
                    }

                    var text = new Checkpoint(origin, frontier.Size, frontier.Root()).ToText();
                    var note = new SignedNote(text, [SignedNote.SignEd25519(text, origin, peerKey)]).Format();
                    var cosignature = Cosignature.Sign(text, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), runtime.CosignerName, runtime.SigningKey).ToLine();
                    await runtime.Store.StoreReceivedBatchAsync(new ReceivedBatch(link.Id, start, rows, frontier.ToBytes(), note, cosignature, DateTimeOffset.UtcNow), cancellationToken);
                }

                fill.Stop();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"filled {size:N0} entries ({entryBytes / 1e6:F0} MB) in {fill.Elapsed.TotalSeconds:F1} s"));

                var export = Stopwatch.StartNew();
                var outDirectory = Path.Combine(root, "export");
                var logs = await new EvidenceExporter(runtime).ExportAsync(link, outDirectory, new HashSet<Guid>(), null, cancellationToken);
                export.Stop();
                Report("export (read store, write bundles and tiles)", size, export.Elapsed);

                var direction = logs.Single().Directory;
                var verify = Stopwatch.StartNew();
                var ok = ExportVerifier.TryVerify(p => File.ReadAllBytes(Path.Combine(direction, p)), [], out var log, out var error);
                verify.Stop();
                if (!ok || log!.Size != size)
                {
                    Console.Error.WriteLine($"verification failed: {error}");
                    return 1;
                }

                Report("verify (read, decode, hash, tiles, root, envelopes)", size, verify.Elapsed);
            }

            // The same run's raw primitives, for comparison.
            var sample = new Envelope(link.Id, Guid.CreateVersion7(), 0, Precedence.Routine, EnvelopeType.Message, DateTimeOffset.UnixEpoch, peerKey.PublicKey, "", "",
                RandomNumberGenerator.GetBytes(BodySeal.Overhead + 64)).Encode();
            var sha = Stopwatch.StartNew();
            for (long i = 0; i < size; i++)
            {
                MerkleHash.Leaf(sample);
            }

            sha.Stop();
            Report($"raw SHA-256 leaf hash of a {sample.Length}-byte entry", size, sha.Elapsed);

            const int Signatures = 20_000;
            var message = "hotline checkpoint"u8.ToArray();
            var signature = peerKey.Sign(message);
            var ed = Stopwatch.StartNew();
            for (var i = 0; i < Signatures; i++)
            {
                NodeSigningKey.Verify(peerKey.PublicKey, message, signature);
            }

            ed.Stop();
            Report("raw Ed25519 verification", Signatures, ed.Elapsed);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Report(string what, long count, TimeSpan elapsed)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-55} {count,12:N0} in {elapsed.TotalSeconds,7:F2} s = {count / elapsed.TotalSeconds,12:N0} /s"));
}
