using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Hotline.Protocol;
using Hotline.Storage;
using Hotline.Storage.Sqlite;

namespace Hotline.Benchmarks;

/// <summary>
/// Batched storage on a real SQLite file (synchronous=FULL, the default): queueing 1,000 messages, sequencing them
/// into the transcript, and storing the receipt that marks them delivered. Each is one transaction with one fsync.
/// </summary>
[MemoryDiagnoser]
public class StorageBenchmarks
{
    private readonly byte[] _sealed = RandomNumberGenerator.GetBytes(256 + 145);
    private string _directory = null!;
    private SqliteNodeStore _store = null!;
    private Guid _link;
    private long _size;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("hotline-bench-").FullName;
        _store = await SqliteNodeStore.OpenAsync(Path.Combine(_directory, "bench.db"), new SqliteStoreOptions(), CancellationToken.None);
        await _store.InitializeIdentityAsync(new NodeIdentity("alpha", new byte[32], new byte[32], "http://127.0.0.1:1", DateTimeOffset.UtcNow), CancellationToken.None);
        _link = Guid.CreateVersion7();
        await _store.CreateLinkAsync(new LinkRecord(_link, "bravo", new byte[32], new byte[32], ["http://127.0.0.1:2"], "0", DateTimeOffset.UtcNow, null), CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One message queued in its own transaction: the price of a commit when nothing shares it.</summary>
    [Benchmark]
    public Task QueueOneMessageAlone()
        => _store.AppendToOutboxAsync([new OutboxItem(Guid.CreateVersion7(), _link, Precedence.Routine, 1, DateTimeOffset.UtcNow, "", "", _sealed)], DateTimeOffset.UtcNow, CancellationToken.None);

    /// <summary>100 messages queued by 100 concurrent callers: group commit folds them into a few transactions.</summary>
    [Benchmark(OperationsPerInvoke = 100)]
    public Task QueueOneMessageEach100Concurrent()
        => Task.WhenAll(Enumerable.Range(0, 100).Select(_ => _store.AppendToOutboxAsync(
            [new OutboxItem(Guid.CreateVersion7(), _link, Precedence.Routine, 1, DateTimeOffset.UtcNow, "", "", _sealed)], DateTimeOffset.UtcNow, CancellationToken.None)));

    /// <summary>Queue 1,000 messages, sequence them, store their receipt: the sender's storage work per 1,000 messages.</summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public async Task QueueSequenceReceipt1000()
    {
        var now = DateTimeOffset.UtcNow;
        var items = new List<OutboxItem>(1000);
        for (var i = 0; i < 1000; i++)
        {
            items.Add(new OutboxItem(Guid.CreateVersion7(), _link, Precedence.Routine, 1, now, "", "", _sealed));
        }

        await _store.AppendToOutboxAsync(items, now, CancellationToken.None);
        var ready = await _store.ClaimReadyAsync(_link, 1000, CancellationToken.None);
        var entries = ready.Select(r => (r.EnvelopeId, r.SealedBody, SHA256.HashData(r.SealedBody))).ToList();
        await _store.StoreSentBatchAsync(new SequencedBatch(_link, _size, entries, new byte[8], "checkpoint", now), CancellationToken.None);
        _size += entries.Count;
        await _store.StoreReceiptAsync(_link, new StoredReceipt(_size, "checkpoint", "cosignature"), now, CancellationToken.None);
    }
}
