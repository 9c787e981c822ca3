using Hotline.Protocol;
using Microsoft.Data.Sqlite;

namespace Hotline.Storage.Sqlite;

public sealed partial class SqliteNodeStore
{
    public Task AppendToOutboxAsync(IReadOnlyList<OutboxItem> items, DateTimeOffset submittedAt, CancellationToken cancellationToken)
        => WriteAsync((c, t) =>
        {
            using var command = Command(c, t, """
                INSERT INTO outbox (envelope_id, link_id, precedence, type, created_at, sender_from, recipient_to, sealed_body, submitted_at)
                VALUES ($e, $l, $p, $t, $c, $f, $r, $b, $s)
                """);
            var e = command.Parameters.Add("$e", SqliteType.Blob);
            var l = command.Parameters.Add("$l", SqliteType.Blob);
            var p = command.Parameters.Add("$p", SqliteType.Integer);
            var ty = command.Parameters.Add("$t", SqliteType.Integer);
            var cr = command.Parameters.Add("$c", SqliteType.Integer);
            var f = command.Parameters.Add("$f", SqliteType.Text);
            var r = command.Parameters.Add("$r", SqliteType.Text);
            var b = command.Parameters.Add("$b", SqliteType.Blob);
            command.Parameters.AddWithValue("$s", Ms(submittedAt));
            foreach (var item in items)
            {
                e.Value = Id(item.EnvelopeId);
                l.Value = Id(item.LinkId);
                p.Value = (int)item.Precedence;
                ty.Value = (int)item.Type;
                cr.Value = Ms(item.CreatedAt);
                f.Value = item.From;
                r.Value = item.To;
                b.Value = item.SealedBody;
                command.ExecuteNonQuery();
            }
        }, cancellationToken);

    public Task<IReadOnlyList<OutboxItem>> ClaimReadyAsync(Guid linkId, int max, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<OutboxItem>>(c =>
        {
            using var command = Command(c, null, """
                SELECT envelope_id, precedence, type, created_at, sender_from, recipient_to, sealed_body
                FROM outbox WHERE link_id = $l AND sequence IS NULL ORDER BY precedence, position LIMIT $m
                """, ("$l", Id(linkId)), ("$m", max));
            using var reader = command.ExecuteReader();
            var items = new List<OutboxItem>();
            while (reader.Read())
            {
                items.Add(new OutboxItem(ReadId(reader, 0), linkId, (Precedence)reader.GetInt32(1), (ushort)reader.GetInt32(2),
                    At(reader.GetInt64(3)), reader.GetString(4), reader.GetString(5), (byte[])reader[6]));
            }

            return items;
        }, cancellationToken);

    public Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(Guid? linkId, long offset, int limit, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<OutboxEntry>>(c =>
        {
            using var command = Command(c, null, """
                SELECT envelope_id, link_id, sequence, precedence, submitted_at, sent_at, delivered_at
                FROM outbox WHERE ($l IS NULL OR link_id = $l) ORDER BY position LIMIT $n OFFSET $o
                """, ("$l", linkId is { } id ? Id(id) : null), ("$n", limit), ("$o", offset));
            using var reader = command.ExecuteReader();
            var entries = new List<OutboxEntry>();
            while (reader.Read())
            {
                entries.Add(new OutboxEntry(ReadId(reader, 0), ReadId(reader, 1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                    (Precedence)reader.GetInt32(3), At(reader.GetInt64(4)), AtOrNull(reader, 5), AtOrNull(reader, 6)));
            }

            return entries;
        }, cancellationToken);
}
