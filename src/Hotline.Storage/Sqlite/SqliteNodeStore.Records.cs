using Microsoft.Data.Sqlite;

namespace Hotline.Storage.Sqlite;

public sealed partial class SqliteNodeStore
{
    public Task AppendRecordAsync(OutboxItem item, HotlineRecord record, DateTimeOffset submittedAt, CancellationToken cancellationToken)
        => WriteAsync((c, t) =>
        {
            Execute(c, t, """
                INSERT INTO outbox (envelope_id, link_id, precedence, type, created_at, sender_from, recipient_to, sealed_body, submitted_at)
                VALUES ($e, $l, $p, $t, $c, $f, $r, $b, $s)
                """, ("$e", Id(item.EnvelopeId)), ("$l", Id(item.LinkId)), ("$p", (int)item.Precedence), ("$t", (int)item.Type),
                ("$c", Ms(item.CreatedAt)), ("$f", item.From), ("$r", item.To), ("$b", item.SealedBody), ("$s", Ms(submittedAt)));
            InsertRecord(c, t, record);
        }, cancellationToken);

    // OR IGNORE: a peer that reuses an envelope id keeps its envelope in the transcript, but cannot replace a record
    // (nor block its own link with a failing batch); the first record with an id stands.
    private static void InsertRecord(SqliteConnection c, SqliteTransaction t, HotlineRecord record)
        => Execute(c, t, """
            INSERT OR IGNORE INTO records (envelope_id, link_id, direction, type, created_at, subject, sequence, body)
            VALUES ($e, $l, $d, $t, $c, $s, $q, $b)
            """, ("$e", Id(record.EnvelopeId)), ("$l", Id(record.LinkId)), ("$d", (int)record.Direction), ("$t", (int)record.Type),
            ("$c", Ms(record.CreatedAt)), ("$s", record.Subject is { } s ? Id(s) : null), ("$q", record.Sequence), ("$b", record.Body));

    // The first receipt covering an opening: for ours, the peer's smallest receipt above the outbox item's sequence;
    // for the peer's, our smallest cosignature above the entry's index. Both are the same cosignature line.
    private const string RecordColumns = """
        SELECT rec.envelope_id, rec.link_id, rec.direction, rec.type, rec.created_at, rec.subject, rec.sequence, rec.body,
            CASE WHEN rec.type = 2 THEN (
                SELECT r.cosignature FROM receipts r
                WHERE r.link_id = rec.link_id AND r.direction = rec.direction AND r.size > coalesce(rec.sequence,
                    (SELECT o.sequence FROM outbox o WHERE o.envelope_id = rec.envelope_id))
                ORDER BY r.size LIMIT 1) END
        FROM records rec
        """;

    public Task<IReadOnlyList<HotlineRecordWithReceipt>> GetRecordsAsync(Guid? linkId, IReadOnlyList<ushort> types, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<HotlineRecordWithReceipt>>(c =>
        {
            var typeList = string.Join(",", types.Select(t => ((int)t).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            using var command = Command(c, null, RecordColumns + $" WHERE ($l IS NULL OR rec.link_id = $l) AND rec.type IN ({typeList}) ORDER BY rec.created_at, rec.envelope_id",
                ("$l", linkId is { } id ? Id(id) : null));
            return ReadRecords(command);
        }, cancellationToken);

    public Task<IReadOnlyList<HotlineRecordWithReceipt>> GetSubjectRecordsAsync(string subjectIdOrPrefix, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<HotlineRecordWithReceipt>>(c =>
        {
            // A full id is looked up by index; a start or an end of one (what an operator types) by the openings' hex.
            var subjects = new List<byte[]>();
            if (Guid.TryParse(subjectIdOrPrefix, out var full))
            {
                subjects.Add(Id(full));
            }
            else
            {
                var prefix = subjectIdOrPrefix.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
                if (prefix.Length is >= 4 and <= 32 && prefix.All(Uri.IsHexDigit))
                {
                    using var find = Command(c, null,
                        "SELECT envelope_id FROM records WHERE type = 2 AND (hex(envelope_id) LIKE $p || '%' OR hex(envelope_id) LIKE '%' || $p) LIMIT 2", ("$p", prefix));
                    using var reader = find.ExecuteReader();
                    while (reader.Read())
                    {
                        subjects.Add((byte[])reader[0]);
                    }
                }
            }

            if (subjects.Count != 1)
            {
                return [];
            }

            using var command = Command(c, null, RecordColumns + " WHERE rec.subject = $s ORDER BY rec.created_at, rec.envelope_id", ("$s", subjects[0]));
            return ReadRecords(command);
        }, cancellationToken);

    private static List<HotlineRecordWithReceipt> ReadRecords(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var records = new List<HotlineRecordWithReceipt>();
        while (reader.Read())
        {
            records.Add(new HotlineRecordWithReceipt(
                new HotlineRecord(ReadId(reader, 0), ReadId(reader, 1), (LogDirection)reader.GetInt32(2), (ushort)reader.GetInt32(3),
                    At(reader.GetInt64(4)), reader.IsDBNull(5) ? null : ReadId(reader, 5), reader.IsDBNull(6) ? null : reader.GetInt64(6), (byte[])reader[7]),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return records;
    }

    public Task<OwnDirectory?> GetOwnDirectoryAsync(CancellationToken cancellationToken)
        => ReadAsync(c =>
        {
            using var command = Command(c, null, "SELECT version, document, updated_at, updated_by FROM own_directory WHERE id = 1");
            using var reader = command.ExecuteReader();
            return reader.Read() ? new OwnDirectory(reader.GetInt64(0), (byte[])reader[1], At(reader.GetInt64(2)), reader.GetString(3)) : null;
        }, cancellationToken);

    public Task SaveOwnDirectoryAsync(OwnDirectory directory, CancellationToken cancellationToken)
        => WriteAsync((c, t) =>
        {
            var stored = Scalar(c, t, "SELECT version FROM own_directory WHERE id = 1") as long? ?? 0;
            if (directory.Version <= stored)
            {
                throw new StorageException($"The directory is at version {stored}; a change must raise it (got {directory.Version}).", false);
            }

            Execute(c, t, """
                INSERT INTO own_directory (id, version, document, updated_at, updated_by) VALUES (1, $v, $d, $t, $b)
                ON CONFLICT (id) DO UPDATE SET version = $v, document = $d, updated_at = $t, updated_by = $b
                """, ("$v", directory.Version), ("$d", directory.Document), ("$t", Ms(directory.UpdatedAt)), ("$b", directory.UpdatedBy));
        }, cancellationToken);

    public Task<IReadOnlyList<EscalationStepTaken>> GetEscalationStepsAsync(CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<EscalationStepTaken>>(c =>
        {
            using var command = Command(c, null, "SELECT request, step, due_at, taken_at FROM escalation_steps ORDER BY taken_at");
            using var reader = command.ExecuteReader();
            var steps = new List<EscalationStepTaken>();
            while (reader.Read())
            {
                steps.Add(new EscalationStepTaken(ReadId(reader, 0), reader.GetInt32(1), At(reader.GetInt64(2)), At(reader.GetInt64(3))));
            }

            return steps;
        }, cancellationToken);

    public Task<long> RecordEscalationStepAsync(EscalationStepTaken taken, NotificationRecord notification, CancellationToken cancellationToken)
        => WriteAsync((c, t) =>
        {
            var inserted = Execute(c, t, "INSERT OR IGNORE INTO escalation_steps (request, step, due_at, taken_at) VALUES ($r, $s, $d, $t)",
                ("$r", Id(taken.Request)), ("$s", taken.Step), ("$d", Ms(taken.DueAt)), ("$t", Ms(taken.TakenAt))) == 1;
            return inserted ? InsertNotification(c, t, notification) : 0;
        }, cancellationToken);

    public Task<long> AddNotificationAsync(NotificationRecord notification, string? onceKey, CancellationToken cancellationToken)
        => WriteAsync((c, t) => InsertNotification(c, t, notification, onceKey), cancellationToken);

    private static long InsertNotification(SqliteConnection c, SqliteTransaction t, NotificationRecord n, string? onceKey = null)
        => Scalar(c, t, "INSERT OR IGNORE INTO notifications (at, kind, link_id, subject, recipients, text, once_key) VALUES ($a, $k, $l, $s, $r, $x, $o) RETURNING id",
            ("$a", Ms(n.At)), ("$k", n.Kind), ("$l", n.LinkId is { } l ? Id(l) : null), ("$s", n.Subject is { } s ? Id(s) : null),
            ("$r", n.Recipients), ("$x", n.Text), ("$o", onceKey)) as long? ?? 0;

    public Task<IReadOnlyList<NotificationRecord>> GetNotificationsAsync(long after, int limit, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<NotificationRecord>>(c =>
        {
            using var command = Command(c, null, "SELECT id, at, kind, link_id, subject, recipients, text FROM notifications WHERE id > $a ORDER BY id LIMIT $n",
                ("$a", after), ("$n", limit));
            using var reader = command.ExecuteReader();
            var list = new List<NotificationRecord>();
            while (reader.Read())
            {
                list.Add(new NotificationRecord(reader.GetInt64(0), At(reader.GetInt64(1)), reader.GetString(2), reader.IsDBNull(3) ? null : ReadId(reader, 3),
                    reader.IsDBNull(4) ? null : ReadId(reader, 4), reader.GetString(5), reader.GetString(6)));
            }

            return list;
        }, cancellationToken);

    public Task<long> RecordMisbehaviourAsync(MisbehaviourRecord misbehaviour, NotificationRecord alarm, string onceKey, CancellationToken cancellationToken)
        => WriteAsync((c, t) =>
        {
            var id = InsertNotification(c, t, alarm, onceKey);
            if (id == 0)
            {
                return 0;
            }

            Execute(c, t, """
                INSERT INTO misbehaviour (link_id, direction, detected_at, kind, first_note, second_note, detail)
                VALUES ($l, $d, $a, $k, $f, $s, $x)
                """, ("$l", Id(misbehaviour.LinkId)), ("$d", (int)misbehaviour.Direction), ("$a", Ms(misbehaviour.DetectedAt)), ("$k", misbehaviour.Kind),
                ("$f", misbehaviour.FirstNote), ("$s", misbehaviour.SecondNote), ("$x", misbehaviour.Detail));
            return id;
        }, cancellationToken);

    public Task<IReadOnlyList<MisbehaviourRecord>> GetMisbehaviourAsync(Guid? linkId, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<MisbehaviourRecord>>(c =>
        {
            using var command = Command(c, null, """
                SELECT id, link_id, direction, detected_at, kind, first_note, second_note, detail FROM misbehaviour
                WHERE ($l IS NULL OR link_id = $l) ORDER BY id
                """, ("$l", linkId is { } id ? Id(id) : null));
            using var reader = command.ExecuteReader();
            var list = new List<MisbehaviourRecord>();
            while (reader.Read())
            {
                list.Add(new MisbehaviourRecord(reader.GetInt64(0), ReadId(reader, 1), (LogDirection)reader.GetInt32(2), At(reader.GetInt64(3)),
                    reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
            }

            return list;
        }, cancellationToken);
}

