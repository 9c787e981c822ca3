using Hotline.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using static Hotline.Storage.Sqlite.SqliteNodeStore;

namespace Hotline.Storage.Witness;

/// <summary>The witness's identity (its private key lives in the owner-only key file, not here).</summary>
public sealed record WitnessIdentity(string Name, byte[] PublicKey, DateTimeOffset CreatedAt);

/// <summary>A log the witness knows: its origin and the verifier keys (C2SP vkeys) it trusts for it, with the latest
/// checkpoint it cosigned, if any.</summary>
public sealed record WitnessedLog(string Origin, IReadOnlyList<string> VerifierKeys, WitnessedCheckpoint? Latest, long Refusals);

/// <summary>The latest checkpoint the witness cosigned for an origin: its size, root hash and the note as submitted.</summary>
public sealed record WitnessedCheckpoint(string Origin, long Size, byte[] Root, string Note, DateTimeOffset At);

/// <summary>A submission the witness refused although the log's signature on it verified (an inconsistent checkpoint:
/// a fork or a rewritten history), kept as evidence with the request as it came.</summary>
public sealed record WitnessRefusal(long Id, string Origin, DateTimeOffset At, int Status, string Reason, string Request);

/// <summary>
/// The witness's own SQLite database (<c>witness.db</c>, its own schema and migrations, WAL, <c>synchronous=FULL</c>):
/// the logs it trusts and, per origin, the latest checkpoint it cosigned. <see cref="TryAdvanceAsync"/> is the one
/// write that matters: a compare-and-set, so checking the old size and persisting the new checkpoint are one atomic
/// step (C2SP tlog-witness: otherwise two concurrent requests could roll the witness back), durable before it returns.
/// </summary>
public sealed class WitnessStore : IAsyncDisposable
{
    public const string FileName = "witness.db";

    private static readonly string[] s_migrations =
    [
        // 1: identity, trusted log keys, the latest cosigned checkpoint per origin, refused signed submissions.
        """
        CREATE TABLE witness (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            public_key BLOB NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE log_keys (
            origin TEXT NOT NULL,
            verifier_key TEXT NOT NULL,
            added_at INTEGER NOT NULL,
            PRIMARY KEY (origin, verifier_key)
        ) WITHOUT ROWID;
        CREATE TABLE latest_checkpoints (
            origin TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            root BLOB NOT NULL,
            note TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE refusals (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            origin TEXT NOT NULL,
            at INTEGER NOT NULL,
            status INTEGER NOT NULL,
            reason TEXT NOT NULL,
            request TEXT NOT NULL
        );
        CREATE INDEX refusals_by_origin ON refusals (origin, id);
        """,
    ];

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly GroupCommitWriter _writes;

    private WitnessStore(string connectionString, SqliteConnection writer)
    {
        _connectionString = connectionString;
        _writer = writer;
        _writes = new GroupCommitWriter(writer, ex => Translate(ex, "A witness database write failed"));
    }

    /// <summary>The schema version this code writes.</summary>
    public static int SchemaVersion => s_migrations.Length;

    /// <summary>Opens (and migrates) the witness database at <paramref name="path"/>, creating the file when missing.</summary>
    public static async Task<WitnessStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        var writer = new SqliteConnection(connectionString);
        try
        {
            await writer.OpenAsync(cancellationToken).ConfigureAwait(false);
            // FULL, always: a cosignature is only ever returned for a state that survives power loss.
            Execute(writer, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;");
            var version = Convert.ToInt32(Scalar(writer, null, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
            if (version > s_migrations.Length)
            {
                throw new StorageException($"The witness database has schema version {version}; this build knows up to {s_migrations.Length}. Upgrade Hotline.", false);
            }

            for (var v = version; v < s_migrations.Length; v++)
            {
                using var transaction = writer.BeginTransaction();
                Execute(writer, transaction, s_migrations[v]);
                Execute(writer, transaction, $"PRAGMA user_version = {v + 1};");
                transaction.Commit();
            }
        }
        catch (Exception ex) when (ex is SqliteException or StorageException)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw ex is SqliteException sqlite ? Translate(sqlite, $"Cannot open the witness database {path}") : ex;
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new WitnessStore(connectionString, writer);
    }

    public Task InitializeIdentityAsync(WitnessIdentity identity, CancellationToken cancellationToken)
        => _writes.WriteAsync((c, t) =>
        {
            if (Scalar(c, t, "SELECT count(*) FROM witness") is > 0L)
            {
                throw new StorageException("The witness database already holds a witness.", false);
            }

            return Execute(c, t, "INSERT INTO witness (id, name, public_key, created_at) VALUES (1, $n, $k, $t)",
                ("$n", identity.Name), ("$k", identity.PublicKey), ("$t", Ms(identity.CreatedAt)));
        }, cancellationToken);

    public Task<WitnessIdentity> GetIdentityAsync(CancellationToken cancellationToken)
        => ReadAsync(c =>
        {
            using var command = Command(c, null, "SELECT name, public_key, created_at FROM witness WHERE id = 1");
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new WitnessIdentity(reader.GetString(0), (byte[])reader[1], At(reader.GetInt64(2)))
                : throw new StorageException("The witness database holds no witness (create one with: hotline witness init).", false);
        }, cancellationToken);

    /// <summary>Trusts <paramref name="verifierKey"/> for <paramref name="origin"/>; false when it already was.</summary>
    public Task<bool> TrustLogAsync(string origin, string verifierKey, DateTimeOffset at, CancellationToken cancellationToken)
        => _writes.WriteAsync((c, t) => Execute(c, t,
            "INSERT INTO log_keys (origin, verifier_key, added_at) VALUES ($o, $k, $t) ON CONFLICT (origin, verifier_key) DO NOTHING",
            ("$o", origin), ("$k", verifierKey), ("$t", Ms(at))) == 1, cancellationToken);

    /// <summary>The verifier keys trusted for <paramref name="origin"/> (none: the origin is unknown).</summary>
    public Task<IReadOnlyList<string>> GetLogKeysAsync(string origin, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<string>>(c =>
        {
            using var command = Command(c, null, "SELECT verifier_key FROM log_keys WHERE origin = $o ORDER BY added_at, verifier_key", ("$o", origin));
            using var reader = command.ExecuteReader();
            var keys = new List<string>();
            while (reader.Read())
            {
                keys.Add(reader.GetString(0));
            }

            return keys;
        }, cancellationToken);

    /// <summary>Every known log, by origin, with its keys, latest cosigned checkpoint and number of refusals kept.</summary>
    public Task<IReadOnlyList<WitnessedLog>> GetLogsAsync(CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<WitnessedLog>>(c =>
        {
            using var command = Command(c, null, """
                SELECT k.origin, k.verifier_key, l.size, l.root, l.note, l.updated_at,
                    (SELECT count(*) FROM refusals r WHERE r.origin = k.origin)
                FROM log_keys k LEFT JOIN latest_checkpoints l ON l.origin = k.origin
                ORDER BY k.origin, k.added_at, k.verifier_key
                """);
            using var reader = command.ExecuteReader();
            var logs = new List<WitnessedLog>();
            while (reader.Read())
            {
                var origin = reader.GetString(0);
                if (logs.Count > 0 && string.Equals(logs[^1].Origin, origin, StringComparison.Ordinal))
                {
                    logs[^1] = logs[^1] with { VerifierKeys = [.. logs[^1].VerifierKeys, reader.GetString(1)] };
                    continue;
                }

                var latest = reader.IsDBNull(2) ? null
                    : new WitnessedCheckpoint(origin, reader.GetInt64(2), (byte[])reader[3], reader.GetString(4), At(reader.GetInt64(5)));
                logs.Add(new WitnessedLog(origin, [reader.GetString(1)], latest, reader.GetInt64(6)));
            }

            return logs;
        }, cancellationToken);

    /// <summary>The latest checkpoint cosigned for <paramref name="origin"/>, or null when none was.</summary>
    public Task<WitnessedCheckpoint?> GetLatestAsync(string origin, CancellationToken cancellationToken)
        => ReadAsync(c =>
        {
            using var command = Command(c, null, "SELECT size, root, note, updated_at FROM latest_checkpoints WHERE origin = $o", ("$o", origin));
            using var reader = command.ExecuteReader();
            return reader.Read() ? new WitnessedCheckpoint(origin, reader.GetInt64(0), (byte[])reader[1], reader.GetString(2), At(reader.GetInt64(3))) : null;
        }, cancellationToken);

    /// <summary>
    /// Makes <paramref name="next"/> the latest checkpoint of its origin if the stored latest is still
    /// <paramref name="expected"/> (null: none stored) and <paramref name="next"/> is not smaller; true when it was
    /// written (and is on disk). False means another request moved the origin on: load, decide and try again.
    /// </summary>
    public Task<bool> TryAdvanceAsync(WitnessedCheckpoint? expected, WitnessedCheckpoint next, CancellationToken cancellationToken)
    {
        if (expected is not null && !string.Equals(expected.Origin, next.Origin, StringComparison.Ordinal))
        {
            throw new ArgumentException("The expected and the next checkpoint belong to different origins.", nameof(next));
        }

        return _writes.WriteAsync((c, t) => expected is null
            ? Execute(c, t, """
                INSERT INTO latest_checkpoints (origin, size, root, note, updated_at) VALUES ($o, $s, $r, $n, $t)
                ON CONFLICT (origin) DO NOTHING
                """, ("$o", next.Origin), ("$s", next.Size), ("$r", next.Root), ("$n", next.Note), ("$t", Ms(next.At))) == 1
            // The size guard holds even if a caller got the decision wrong: the stored latest never shrinks.
            : Execute(c, t, """
                UPDATE latest_checkpoints SET size = $s, root = $r, note = $n, updated_at = $t
                WHERE origin = $o AND size = $es AND root = $er AND $s >= $es
                """, ("$o", next.Origin), ("$s", next.Size), ("$r", next.Root), ("$n", next.Note), ("$t", Ms(next.At)),
                ("$es", expected.Size), ("$er", expected.Root)) == 1, cancellationToken);
    }

    /// <summary>Keeps a refused, validly signed submission as evidence; returns its id.</summary>
    public Task<long> RecordRefusalAsync(string origin, DateTimeOffset at, int status, string reason, string request, CancellationToken cancellationToken)
        => _writes.WriteAsync((c, t) => (long)Scalar(c, t,
            "INSERT INTO refusals (origin, at, status, reason, request) VALUES ($o, $t, $s, $r, $q) RETURNING id",
            ("$o", origin), ("$t", Ms(at)), ("$s", status), ("$r", reason), ("$q", request))!, cancellationToken);

    public Task<IReadOnlyList<WitnessRefusal>> GetRefusalsAsync(string origin, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<WitnessRefusal>>(c =>
        {
            using var command = Command(c, null, "SELECT id, at, status, reason, request FROM refusals WHERE origin = $o ORDER BY id", ("$o", origin));
            using var reader = command.ExecuteReader();
            var refusals = new List<WitnessRefusal>();
            while (reader.Read())
            {
                refusals.Add(new WitnessRefusal(reader.GetInt64(0), origin, At(reader.GetInt64(1)), reader.GetInt32(2), reader.GetString(3), reader.GetString(4)));
            }

            return refusals;
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _writes.DisposeAsync().ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    private Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
        => SqliteNodeStore.ReadAsync(_connectionString, work, "A witness database read failed", cancellationToken);
}
