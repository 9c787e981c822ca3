using Microsoft.Data.Sqlite;

namespace Hotline.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writes go through one connection, in order, each atomic (SQLite
/// has a single writer anyway; concurrent writes share a commit, see <see cref="GroupCommitWriter"/>); reads use
/// pooled connections that WAL lets run beside the writer.
/// With <c>synchronous=FULL</c> (the default) a commit is on disk when it returns, so a receipt is only ever signed
/// for data that survives power loss, not just a process crash.
/// </summary>
public sealed partial class SqliteNodeStore : INodeStore
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly GroupCommitWriter _writes;

    private SqliteNodeStore(string connectionString, SqliteConnection writer)
    {
        _connectionString = connectionString;
        _writer = writer;
        _writes = new GroupCommitWriter(writer, ex => Translate(ex, "A database write failed"));
    }

    /// <summary>The database file name inside a data directory.</summary>
    public const string FileName = "hotline.db";

    /// <summary>Opens (and migrates) the database at <paramref name="path"/>, creating the file when missing.</summary>
    public static async Task<SqliteNodeStore> OpenAsync(string path, SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        if (options.Synchronous is not ("FULL" or "NORMAL" or "EXTRA"))
        {
            throw new ArgumentException("Synchronous is FULL, NORMAL or EXTRA.", nameof(options));
        }

        var writer = new SqliteConnection(connectionString);
        try
        {
            await writer.OpenAsync(cancellationToken).ConfigureAwait(false);
            Execute(writer, null, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={options.Synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;");
            Migrate(writer);
        }
        catch (SqliteException ex)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw Translate(ex, $"Cannot open the database {path}");
        }
        catch (StorageException)
        {
            // A refused database (newer schema) must not stay open and locked.
            await writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new SqliteNodeStore(connectionString, writer);
    }

    /// <summary>The schema version this code writes.</summary>
    public static int SchemaVersion => SqliteSchema.Migrations.Length;

    private static void Migrate(SqliteConnection connection)
    {
        var version = Convert.ToInt32(Scalar(connection, null, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > SqliteSchema.Migrations.Length)
        {
            throw new StorageException($"The database has schema version {version}; this build knows up to {SqliteSchema.Migrations.Length}. Upgrade Hotline.", false);
        }

        for (var v = version; v < SqliteSchema.Migrations.Length; v++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, SqliteSchema.Migrations[v]);
            Execute(connection, transaction, $"PRAGMA user_version = {v + 1};");
            transaction.Commit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Queued writes finish (and commit) before the connection closes.
        await _writes.DisposeAsync().ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction on the single writer connection (group commit).</summary>
    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
        => _writes.WriteAsync(work, cancellationToken);

    private Task<bool> WriteAsync(Action<SqliteConnection, SqliteTransaction> work, CancellationToken cancellationToken)
        => WriteAsync<bool>((c, t) =>
        {
            work(c, t);
            return true;
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a pooled read connection (WAL: it sees the last committed state).</summary>
    private Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
        => ReadAsync(_connectionString, work, "A database read failed", cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a pooled read connection of <paramref name="connectionString"/>; a
    /// SQLite failure becomes a <see cref="StorageException"/> that starts with <paramref name="what"/>. Shared with the
    /// witness's own database.</summary>
    internal static async Task<T> ReadAsync<T>(string connectionString, Func<SqliteConnection, T> work, string what, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return work(connection);
            }
            catch (SqliteException ex)
            {
                throw Translate(ex, what);
            }
        }
    }

    internal static StorageException Translate(SqliteException ex, string what)
    {
        // SQLITE_BUSY (5) and SQLITE_LOCKED (6) pass; anything else (full disk, corruption, I/O error) needs a human.
        var transient = ex.SqliteErrorCode is 5 or 6;
        return new StorageException($"{what}: {ex.Message}", transient, ex);
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    internal static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    internal static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    internal static byte[] Id(Guid id) => Protocol.Envelopes.Envelope.GuidBytes(id);

    internal static Guid ReadId(SqliteDataReader reader, int ordinal) => Protocol.Envelopes.Envelope.ReadGuid((byte[])reader[ordinal]);

    internal static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    internal static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    internal static DateTimeOffset? AtOrNull(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : At(reader.GetInt64(ordinal));
}

/// <summary>Settings of the embedded store.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>SQLite's synchronous pragma: FULL (default, durable on power loss) or NORMAL (durable on process crash).</summary>
    public string Synchronous { get; init; } = "FULL";
}
