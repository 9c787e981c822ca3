namespace Hotline.Storage.Sqlite;

public sealed partial class SqliteNodeStore
{
    public Task StoreWitnessCosignatureAsync(Guid linkId, LogDirection direction, WitnessCosignatureRecord cosignature, CancellationToken cancellationToken)
        => WriteAsync((c, t) =>
        {
            // A witness cosigns one checkpoint once per request; a repeat (its answer to a retry) keeps the first line.
            Execute(c, t, """
                INSERT INTO witness_cosignatures (link_id, direction, size, witness, cosignature, stored_at) VALUES ($l, $d, $s, $w, $c, $t)
                ON CONFLICT (link_id, direction, size, witness) DO NOTHING
                """, ("$l", Id(linkId)), ("$d", (int)direction), ("$s", cosignature.Size), ("$w", cosignature.Witness),
                ("$c", cosignature.Cosignature), ("$t", Ms(cosignature.StoredAt)));
        }, cancellationToken);

    public Task<IReadOnlyList<WitnessCosignatureRecord>> GetLatestWitnessCosignaturesAsync(Guid linkId, LogDirection direction, CancellationToken cancellationToken)
        // SQLite takes the other columns of an aggregate query with a single max() from the row holding the maximum.
        => ReadAsync<IReadOnlyList<WitnessCosignatureRecord>>(c => ReadWitnessCosignatures(c, """
            SELECT witness, max(size), cosignature, stored_at FROM witness_cosignatures
            WHERE link_id = $l AND direction = $d GROUP BY witness ORDER BY witness
            """, linkId, direction, 0), cancellationToken);

    public Task<IReadOnlyList<WitnessCosignatureRecord>> GetWitnessCosignaturesAsync(Guid linkId, LogDirection direction, long size, CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<WitnessCosignatureRecord>>(c => ReadWitnessCosignatures(c, """
            SELECT witness, size, cosignature, stored_at FROM witness_cosignatures
            WHERE link_id = $l AND direction = $d AND size = $s ORDER BY witness
            """, linkId, direction, size), cancellationToken);

    private static List<WitnessCosignatureRecord> ReadWitnessCosignatures(Microsoft.Data.Sqlite.SqliteConnection c, string sql, Guid linkId, LogDirection direction, long size)
    {
        using var command = Command(c, null, sql, ("$l", Id(linkId)), ("$d", (int)direction), ("$s", size));
        using var reader = command.ExecuteReader();
        var cosignatures = new List<WitnessCosignatureRecord>();
        while (reader.Read())
        {
            cosignatures.Add(new WitnessCosignatureRecord(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), At(reader.GetInt64(3))));
        }

        return cosignatures;
    }
}
