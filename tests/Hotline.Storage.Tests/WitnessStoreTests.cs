using System.Security.Cryptography;
using Hotline.Storage.Witness;
using Microsoft.Data.Sqlite;

namespace Hotline.Storage.Tests;

/// <summary>
/// The witness's own database (witness.db): identity, trusted logs and the compare-and-set that keeps the latest
/// cosigned checkpoint per origin. Each test opens a database of its own in the class's temp directory.
/// </summary>
public sealed class WitnessStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_t0 = DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hotline-witness-store-tests-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task FreshDatabase_IsMigrated_OwnerOnly_AndInWalMode()
    {
        var path = PathOf("fresh");

        await (await WitnessStore.OpenAsync(path, Ct)).DisposeAsync();

        Assert.Equal(WitnessStore.SchemaVersion, Convert.ToInt32(Scalar(path, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("wal", Scalar(path, "PRAGMA journal_mode;"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task DatabaseOfANewerSchemaVersion_IsRefused()
    {
        var path = PathOf("newer");
        await (await WitnessStore.OpenAsync(path, Ct)).DisposeAsync();
        Scalar(path, $"PRAGMA user_version = {WitnessStore.SchemaVersion + 1};");

        var ex = await Assert.ThrowsAsync<StorageException>(() => WitnessStore.OpenAsync(path, Ct));

        Assert.Contains("Upgrade", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_IsWrittenOnce_AndReadBack()
    {
        await using var store = await WitnessStore.OpenAsync(PathOf("identity"), Ct);
        var key = RandomNumberGenerator.GetBytes(32);

        await Assert.ThrowsAsync<StorageException>(() => store.GetIdentityAsync(Ct));
        await store.InitializeIdentityAsync(new WitnessIdentity("witness.example/w1", key, s_t0), Ct);
        await Assert.ThrowsAsync<StorageException>(() => store.InitializeIdentityAsync(new WitnessIdentity("other", key, s_t0), Ct));

        var identity = await store.GetIdentityAsync(Ct);
        Assert.Equal("witness.example/w1", identity.Name);
        Assert.Equal(key, identity.PublicKey);
        Assert.Equal(s_t0, identity.CreatedAt);
    }

    [Fact]
    public async Task TrustingALog_IsIdempotent_AndListsItsKeys()
    {
        await using var store = await WitnessStore.OpenAsync(PathOf("trust"), Ct);

        Assert.True(await store.TrustLogAsync("example.com/log", "example.com/log+00000001+AAAA", s_t0, Ct));
        Assert.False(await store.TrustLogAsync("example.com/log", "example.com/log+00000001+AAAA", s_t0.AddMinutes(1), Ct));
        Assert.True(await store.TrustLogAsync("example.com/log", "example.com/log+00000002+BBBB", s_t0.AddMinutes(2), Ct));
        Assert.True(await store.TrustLogAsync("example.com/other", "example.com/other+00000003+CCCC", s_t0, Ct));

        Assert.Equal(["example.com/log+00000001+AAAA", "example.com/log+00000002+BBBB"], await store.GetLogKeysAsync("example.com/log", Ct));
        Assert.Empty(await store.GetLogKeysAsync("example.com/unknown", Ct));
        var logs = await store.GetLogsAsync(Ct);
        Assert.Equal(["example.com/log", "example.com/other"], logs.Select(l => l.Origin));
        Assert.Equal(2, logs[0].VerifierKeys.Count);
        Assert.All(logs, l => Assert.Null(l.Latest));
    }

    [Fact]
    public async Task FirstCheckpoint_IsStored_AndSurvivesAReopen()
    {
        var path = PathOf("first");
        var first = Checkpoint("log/a", 5);
        await using (var store = await WitnessStore.OpenAsync(path, Ct))
        {
            await store.TrustLogAsync("log/a", "log/a+00000001+AAAA", s_t0, Ct);
            Assert.True(await store.TryAdvanceAsync(null, first, Ct));
        }

        await using (var reopened = await WitnessStore.OpenAsync(path, Ct))
        {
            var latest = await reopened.GetLatestAsync("log/a", Ct);
            Assert.NotNull(latest);
            Assert.Equal(5, latest.Size);
            Assert.Equal(first.Root, latest.Root);
            Assert.Equal(first.Note, latest.Note);
            Assert.Equal(5, (await reopened.GetLogsAsync(Ct)).Single().Latest?.Size);
        }
    }

    [Fact]
    public async Task Advance_FromAStaleExpectation_ChangesNothing()
    {
        await using var store = await WitnessStore.OpenAsync(PathOf("stale"), Ct);
        var five = Checkpoint("log/a", 5);
        var eight = Checkpoint("log/a", 8);
        Assert.True(await store.TryAdvanceAsync(null, five, Ct));
        Assert.True(await store.TryAdvanceAsync(five, eight, Ct));

        // Both "none stored yet" and the overtaken size 5 are stale now.
        Assert.False(await store.TryAdvanceAsync(null, Checkpoint("log/a", 9), Ct));
        Assert.False(await store.TryAdvanceAsync(five, Checkpoint("log/a", 9), Ct));
        // Same size as expected but another root is not the stored checkpoint either.
        Assert.False(await store.TryAdvanceAsync(eight with { Root = RandomNumberGenerator.GetBytes(32) }, Checkpoint("log/a", 9), Ct));

        Assert.Equal(8, (await store.GetLatestAsync("log/a", Ct))?.Size);
    }

    [Fact]
    public async Task Advance_ToASmallerSize_IsRefused_EvenFromTheStoredLatest()
    {
        await using var store = await WitnessStore.OpenAsync(PathOf("rollback"), Ct);
        var eight = Checkpoint("log/a", 8);
        Assert.True(await store.TryAdvanceAsync(null, eight, Ct));

        Assert.False(await store.TryAdvanceAsync(eight, Checkpoint("log/a", 7), Ct));

        Assert.Equal(eight.Root, (await store.GetLatestAsync("log/a", Ct))?.Root);
    }

    [Fact]
    public async Task ConcurrentAdvances_FromTheSameLatest_ExactlyOneWins()
    {
        await using var store = await WitnessStore.OpenAsync(PathOf("race"), Ct);
        var start = Checkpoint("log/a", 10);
        Assert.True(await store.TryAdvanceAsync(null, start, Ct));
        var candidates = Enumerable.Range(11, 16).Select(size => Checkpoint("log/a", size)).ToList();

        var outcomes = await Task.WhenAll(candidates.Select(next => store.TryAdvanceAsync(start, next, Ct)));

        Assert.Single(outcomes, won => won);
        var winner = candidates[Array.IndexOf(outcomes, true)];
        var latest = await store.GetLatestAsync("log/a", Ct);
        Assert.Equal(winner.Size, latest?.Size);
        Assert.Equal(winner.Root, latest?.Root);
    }

    [Fact]
    public async Task Origins_AreIndependent()
    {
        await using var store = await WitnessStore.OpenAsync(PathOf("origins"), Ct);

        Assert.True(await store.TryAdvanceAsync(null, Checkpoint("log/a", 3), Ct));
        Assert.True(await store.TryAdvanceAsync(null, Checkpoint("log/b", 1), Ct));

        Assert.Equal(3, (await store.GetLatestAsync("log/a", Ct))?.Size);
        Assert.Equal(1, (await store.GetLatestAsync("log/b", Ct))?.Size);
        Assert.Null(await store.GetLatestAsync("log/c", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.TryAdvanceAsync(Checkpoint("log/a", 3), Checkpoint("log/b", 4), Ct));
    }

    [Fact]
    public async Task Refusals_AreKeptPerOrigin_AndCounted()
    {
        await using var store = await WitnessStore.OpenAsync(PathOf("refusals"), Ct);
        await store.TrustLogAsync("log/a", "log/a+00000001+AAAA", s_t0, Ct);

        var id = await store.RecordRefusalAsync("log/a", s_t0, 422, "another root for size 4", "old 4\n\nlog/a\n4\n...", Ct);

        var refusal = Assert.Single(await store.GetRefusalsAsync("log/a", Ct));
        Assert.Equal(id, refusal.Id);
        Assert.Equal(422, refusal.Status);
        Assert.Equal("another root for size 4", refusal.Reason);
        Assert.StartsWith("old 4\n", refusal.Request, StringComparison.Ordinal);
        Assert.Empty(await store.GetRefusalsAsync("log/b", Ct));
        Assert.Equal(1, (await store.GetLogsAsync(Ct)).Single().Refusals);
    }

    private string PathOf(string name) => Path.Combine(_directory, name + ".db");

    private static WitnessedCheckpoint Checkpoint(string origin, long size)
        => new(origin, size, RandomNumberGenerator.GetBytes(32), $"{origin}\n{size}\n...\n\n— {origin} AAAA\n", s_t0.AddSeconds(size));

    private static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
