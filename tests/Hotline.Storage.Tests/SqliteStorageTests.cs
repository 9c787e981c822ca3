using Hotline.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hotline.Storage.Tests;

/// <summary>A temp directory per test class holding its SQLite files; the shared store is "shared.db".</summary>
public sealed class SqliteDatabases : IAsyncLifetime
{
    public string Directory { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hotline-storage-tests-" + Guid.NewGuid().ToString("N"));

    public SqliteNodeStore Shared { get; private set; } = null!;

    public string PathOf(string name) => System.IO.Path.Combine(Directory, name + ".db");

    public async ValueTask InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        Shared = await SqliteNodeStore.OpenAsync(PathOf("shared"), new SqliteStoreOptions(), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Shared.DisposeAsync();
        // Pooled read connections keep the files (and -wal/-shm) open until the pool lets go of them.
        SqliteConnection.ClearAllPools();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            File.Delete(file);
        }

        System.IO.Directory.Delete(Directory);
    }
}

/// <summary>The storage contract on the embedded SQLite store, plus what is SQLite's own: schema versions and the file.</summary>
public sealed class SqliteStorageTests(SqliteDatabases databases) : StorageContract, IClassFixture<SqliteDatabases>
{
    protected override INodeStore Store => databases.Shared;

    protected override async Task<INodeStore> OpenAsync(string name, CancellationToken cancellationToken)
        => await SqliteNodeStore.OpenAsync(databases.PathOf(name), new SqliteStoreOptions(), cancellationToken);

    protected override Task InitializeIdentityAsync(INodeStore store, NodeIdentity identity, CancellationToken cancellationToken)
        => ((SqliteNodeStore)store).InitializeIdentityAsync(identity, cancellationToken);

    [Fact]
    public async Task FreshDatabase_IsMigratedToTheCurrentSchemaVersion()
    {
        var path = databases.PathOf("fresh");

        await (await SqliteNodeStore.OpenAsync(path, new SqliteStoreOptions(), Ct)).DisposeAsync();

        Assert.True(SqliteNodeStore.SchemaVersion >= 1);
        Assert.Equal(SqliteNodeStore.SchemaVersion, UserVersion(path));
    }

    [Fact]
    public async Task Reopening_IsIdempotent_AndKeepsTheData()
    {
        var path = databases.PathOf("reopen");
        var link = NewLink();
        await using (var store = await SqliteNodeStore.OpenAsync(path, new SqliteStoreOptions(), Ct))
        {
            await store.CreateLinkAsync(link, Ct);
        }

        var schema = Schema(path);

        for (var i = 0; i < 2; i++)
        {
            await using var store = await SqliteNodeStore.OpenAsync(path, new SqliteStoreOptions(), Ct);
            Assert.Equal(link.PeerName, (await store.FindLinkAsync(link.Id.ToString("D"), Ct))?.PeerName);
        }

        Assert.Equal(SqliteNodeStore.SchemaVersion, UserVersion(path));
        Assert.Equal(schema, Schema(path));
    }

    [Fact]
    public async Task DatabaseOfANewerSchemaVersion_IsRefused_AndLeftUntouched()
    {
        var path = databases.PathOf("newer");
        await (await SqliteNodeStore.OpenAsync(path, new SqliteStoreOptions(), Ct)).DisposeAsync();
        Execute(path, $"PRAGMA user_version = {SqliteNodeStore.SchemaVersion + 1};");

        var ex = await Assert.ThrowsAsync<StorageException>(() => SqliteNodeStore.OpenAsync(path, new SqliteStoreOptions(), Ct));

        Assert.False(ex.IsTransient);
        Assert.Contains("Upgrade", ex.Message, StringComparison.Ordinal);
        Assert.Equal(SqliteNodeStore.SchemaVersion + 1, UserVersion(path));
    }

    [Fact]
    public async Task DatabaseOfANewerSchemaVersion_IsClosedAfterTheRefusal()
    {
        var path = databases.PathOf("newer-closed");
        await (await SqliteNodeStore.OpenAsync(path, new SqliteStoreOptions(), Ct)).DisposeAsync();
        Execute(path, $"PRAGMA user_version = {SqliteNodeStore.SchemaVersion + 1};");

        await Assert.ThrowsAsync<StorageException>(() => SqliteNodeStore.OpenAsync(path, new SqliteStoreOptions(), Ct));

        // A disposed connection rests in the pool until cleared; one that was never disposed stays open. Leaving WAL
        // mode needs the only connection to the file, so it fails ("database is locked") while the writer leaks.
        SqliteConnection.ClearAllPools();
        Assert.Equal("delete", Scalar(path, "PRAGMA journal_mode=DELETE;"));
    }

    [Fact]
    public async Task SynchronousSettingOtherThanFullNormalOrExtra_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => SqliteNodeStore.OpenAsync(databases.PathOf("synchronous"), new SqliteStoreOptions { Synchronous = "OFF" }, Ct));
    }

    [Fact]
    public async Task DatabaseFile_IsReadableByItsOwnerOnly()
    {
        var path = databases.PathOf("mode");

        await (await SqliteNodeStore.OpenAsync(path, new SqliteStoreOptions(), Ct)).DisposeAsync();

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task Database_IsInWalMode()
    {
        var path = databases.PathOf("wal");

        await (await SqliteNodeStore.OpenAsync(path, new SqliteStoreOptions(), Ct)).DisposeAsync();

        Assert.Equal("wal", Scalar(path, "PRAGMA journal_mode;"));
    }

    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 2 }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(string path, string sql)
    {
        using var connection = Connect(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(string path, string sql)
    {
        using var connection = Connect(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long UserVersion(string path) => (long)Scalar(path, "PRAGMA user_version;")!;

    private static List<string> Schema(string path)
    {
        using var connection = Connect(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_schema ORDER BY type, name";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
