using Microsoft.Data.Sqlite;

namespace Hotline.Storage.Sqlite;

public sealed partial class SqliteNodeStore
{
    public Task<byte[]?> GetFrontierAsync(Guid linkId, LogDirection direction, CancellationToken cancellationToken)
        => ReadAsync(c => Scalar(c, null, "SELECT frontier FROM logs WHERE link_id = $l AND direction = $d", ("$l", Id(linkId)), ("$d", (int)direction)) as byte[], cancellationToken);

    public Task<IReadOnlyList<byte[]>> GetLeafHashesAsync(Guid linkId, LogDirection direction, long start, long endExclusive, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<byte[]>>(c =>
        {
            using var command = Command(c, null, "SELECT leaf_hash FROM log_entries WHERE link_id = $l AND direction = $d AND sequence >= $s AND sequence < $e ORDER BY sequence",
                ("$l", Id(linkId)), ("$d", (int)direction), ("$s", start), ("$e", endExclusive));
            using var reader = command.ExecuteReader();
            var hashes = new List<byte[]>();
            while (reader.Read())
            {
                hashes.Add((byte[])reader[0]);
            }

            return hashes;
        }, cancellationToken);

    public Task<IReadOnlyList<LogEntry>> GetEntriesAsync(Guid linkId, LogDirection direction, long start, long endExclusive, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<LogEntry>>(c => ReadEntries(c, "link_id = $l AND direction = $d AND sequence >= $s AND sequence < $e ORDER BY sequence",
            ("$l", Id(linkId)), ("$d", (int)direction), ("$s", start), ("$e", endExclusive)), cancellationToken);

    public Task<IReadOnlyList<LogEntry>> GetInboxAsync(Guid? linkId, long after, int limit, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<LogEntry>>(c => ReadEntries(c, "direction = 1 AND ($l IS NULL OR link_id = $l) AND sequence > $a AND substr(entry, 46, 2) = x'0001' ORDER BY link_id, sequence LIMIT $n",
            ("$l", linkId is { } id ? Id(id) : null), ("$a", after), ("$n", limit)), cancellationToken);

    private static List<LogEntry> ReadEntries(SqliteConnection c, string where, params (string, object?)[] parameters)
    {
        using var command = Command(c, null, "SELECT link_id, sequence, envelope_id, entry, stored_at FROM log_entries WHERE " + where, parameters);
        using var reader = command.ExecuteReader();
        var entries = new List<LogEntry>();
        while (reader.Read())
        {
            entries.Add(new LogEntry(ReadId(reader, 0), reader.GetInt64(1), ReadId(reader, 2), (byte[])reader[3], At(reader.GetInt64(4))));
        }

        return entries;
    }

    public Task StoreSentBatchAsync(SequencedBatch batch, CancellationToken cancellationToken)
        => WriteAsync((c, t) =>
        {
            var end = AppendEntries(c, t, batch.LinkId, LogDirection.Outbound, batch.Start, batch.Entries, batch.Frontier, batch.SentAt);
            using (var command = Command(c, t, "UPDATE outbox SET sequence = $q, sent_at = $t WHERE envelope_id = $e AND sequence IS NULL"))
            {
                var q = command.Parameters.Add("$q", SqliteType.Integer);
                var e = command.Parameters.Add("$e", SqliteType.Blob);
                command.Parameters.AddWithValue("$t", Ms(batch.SentAt));
                for (var i = 0; i < batch.Entries.Count; i++)
                {
                    q.Value = batch.Start + i;
                    e.Value = Id(batch.Entries[i].EnvelopeId);
                    if (command.ExecuteNonQuery() != 1)
                    {
                        throw new TranscriptConflictException($"Outbox item {batch.Entries[i].EnvelopeId} was already sequenced.");
                    }
                }
            }

            InsertCheckpoint(c, t, batch.LinkId, LogDirection.Outbound, end, batch.CheckpointNote, batch.SentAt);
        }, cancellationToken);

    public Task StoreReceivedBatchAsync(ReceivedBatch batch, CancellationToken cancellationToken)
        => WriteAsync((c, t) =>
        {
            var end = AppendEntries(c, t, batch.LinkId, LogDirection.Inbound, batch.Start, batch.Entries, batch.Frontier, batch.ReceivedAt);
            InsertCheckpoint(c, t, batch.LinkId, LogDirection.Inbound, end, batch.CheckpointNote, batch.ReceivedAt);
            Execute(c, t, "INSERT INTO receipts (link_id, direction, size, cosignature, stored_at) VALUES ($l, 1, $s, $c, $t)",
                ("$l", Id(batch.LinkId)), ("$s", end), ("$c", batch.Cosignature), ("$t", Ms(batch.ReceivedAt)));
            Execute(c, t, "UPDATE links SET last_contact_at = $t WHERE id = $l", ("$t", Ms(batch.ReceivedAt)), ("$l", Id(batch.LinkId)));
            foreach (var record in batch.Records)
            {
                InsertRecord(c, t, record);
            }
        }, cancellationToken);

    /// <summary>Appends entries at <paramref name="start"/>, which must be the log's current size; returns the new size.</summary>
    private static long AppendEntries(SqliteConnection c, SqliteTransaction t, Guid linkId, LogDirection direction, long start,
        IReadOnlyList<(Guid EnvelopeId, byte[] Entry, byte[] LeafHash)> entries, byte[] frontier, DateTimeOffset at)
    {
        var size = Scalar(c, t, "SELECT size FROM logs WHERE link_id = $l AND direction = $d", ("$l", Id(linkId)), ("$d", (int)direction)) as long? ?? 0;
        if (size != start)
        {
            throw new TranscriptConflictException($"The {direction} transcript of link {linkId} has {size} entries, not {start}.");
        }

        using (var command = Command(c, t, "INSERT INTO log_entries (link_id, direction, sequence, envelope_id, leaf_hash, entry, stored_at) VALUES ($l, $d, $q, $e, $h, $b, $t)"))
        {
            command.Parameters.AddWithValue("$l", Id(linkId));
            command.Parameters.AddWithValue("$d", (int)direction);
            command.Parameters.AddWithValue("$t", Ms(at));
            var q = command.Parameters.Add("$q", SqliteType.Integer);
            var e = command.Parameters.Add("$e", SqliteType.Blob);
            var h = command.Parameters.Add("$h", SqliteType.Blob);
            var b = command.Parameters.Add("$b", SqliteType.Blob);
            for (var i = 0; i < entries.Count; i++)
            {
                q.Value = start + i;
                e.Value = Id(entries[i].EnvelopeId);
                h.Value = entries[i].LeafHash;
                b.Value = entries[i].Entry;
                command.ExecuteNonQuery();
            }
        }

        var end = start + entries.Count;
        Execute(c, t, "INSERT INTO logs (link_id, direction, size, frontier) VALUES ($l, $d, $s, $f) ON CONFLICT (link_id, direction) DO UPDATE SET size = $s, frontier = $f",
            ("$l", Id(linkId)), ("$d", (int)direction), ("$s", end), ("$f", frontier));
        return end;
    }

    private static void InsertCheckpoint(SqliteConnection c, SqliteTransaction t, Guid linkId, LogDirection direction, long size, string note, DateTimeOffset at)
        => Execute(c, t, "INSERT INTO checkpoints (link_id, direction, size, note, stored_at) VALUES ($l, $d, $s, $n, $t)",
            ("$l", Id(linkId)), ("$d", (int)direction), ("$s", size), ("$n", note), ("$t", Ms(at)));

    public Task<StoredCheckpoint?> GetCheckpointAsync(Guid linkId, LogDirection direction, long size, CancellationToken cancellationToken)
        => ReadAsync(c => ReadCheckpoint(c, "size = $s", linkId, direction, size), cancellationToken);

    public Task<StoredCheckpoint?> GetNextCheckpointAsync(Guid linkId, LogDirection direction, long size, CancellationToken cancellationToken)
        => ReadAsync(c => ReadCheckpoint(c, "size > $s ORDER BY size LIMIT 1", linkId, direction, size), cancellationToken);

    private static StoredCheckpoint? ReadCheckpoint(SqliteConnection c, string condition, Guid linkId, LogDirection direction, long size)
    {
        using var command = Command(c, null, "SELECT size, note FROM checkpoints WHERE link_id = $l AND direction = $d AND " + condition,
            ("$l", Id(linkId)), ("$d", (int)direction), ("$s", size));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredCheckpoint(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    public Task<StoredReceipt?> GetLatestReceiptAsync(Guid linkId, LogDirection direction, CancellationToken cancellationToken)
        => ReadAsync(c =>
        {
            using var command = Command(c, null, """
                SELECT r.size, k.note, r.cosignature FROM receipts r
                JOIN checkpoints k ON k.link_id = r.link_id AND k.direction = r.direction AND k.size = r.size
                WHERE r.link_id = $l AND r.direction = $d ORDER BY r.size DESC LIMIT 1
                """, ("$l", Id(linkId)), ("$d", (int)direction));
            using var reader = command.ExecuteReader();
            return reader.Read() ? new StoredReceipt(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : null;
        }, cancellationToken);

    public Task StoreReceiptAsync(Guid linkId, StoredReceipt receipt, DateTimeOffset storedAt, CancellationToken cancellationToken)
        => WriteAsync((c, t) =>
        {
            // Only the range since the previous receipt is touched, so each receipt costs its batch, not the history.
            var previous = Scalar(c, t, "SELECT max(size) FROM receipts WHERE link_id = $l AND direction = 0", ("$l", Id(linkId))) as long? ?? 0;
            if (receipt.Size > previous)
            {
                Execute(c, t, "INSERT INTO receipts (link_id, direction, size, cosignature, stored_at) VALUES ($l, 0, $s, $c, $t)",
                    ("$l", Id(linkId)), ("$s", receipt.Size), ("$c", receipt.Cosignature), ("$t", Ms(storedAt)));
                Execute(c, t, "UPDATE outbox SET delivered_at = $t WHERE link_id = $l AND sequence >= $p AND sequence < $s AND delivered_at IS NULL",
                    ("$t", Ms(storedAt)), ("$l", Id(linkId)), ("$p", previous), ("$s", receipt.Size));
            }

            Execute(c, t, "UPDATE links SET last_contact_at = $t WHERE id = $l", ("$t", Ms(storedAt)), ("$l", Id(linkId)));
        }, cancellationToken);

    public Task<(Guid LinkId, LogDirection Direction, LogEntry Entry)?> FindEntryAsync(Guid envelopeId, CancellationToken cancellationToken)
        => ReadAsync<(Guid, LogDirection, LogEntry)?>(c =>
        {
            using var command = Command(c, null, "SELECT link_id, direction, sequence, entry, stored_at FROM log_entries WHERE envelope_id = $e LIMIT 1", ("$e", Id(envelopeId)));
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? (ReadId(reader, 0), (LogDirection)reader.GetInt32(1), new LogEntry(ReadId(reader, 0), reader.GetInt64(2), envelopeId, (byte[])reader[3], At(reader.GetInt64(4))))
                : null;
        }, cancellationToken);
}

