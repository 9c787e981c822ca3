using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Hotline.Storage.Sqlite;

public sealed partial class SqliteNodeStore
{
    /// <summary>Writes the node's identity once, at init.</summary>
    public Task InitializeIdentityAsync(NodeIdentity identity, CancellationToken cancellationToken)
        => WriteAsync((c, t) =>
        {
            if (Scalar(c, t, "SELECT count(*) FROM node") is long n && n > 0)
            {
                throw new StorageException("This database already belongs to a node.", false);
            }

            Execute(c, t, "INSERT INTO node (id, name, signing_public_key, agreement_public_key, listen_url, created_at) VALUES (1, $n, $s, $a, $u, $c)",
                ("$n", identity.Name), ("$s", identity.SigningPublicKey), ("$a", identity.AgreementPublicKey), ("$u", identity.ListenUrl), ("$c", Ms(identity.CreatedAt)));
        }, cancellationToken);

    public Task<NodeIdentity> GetIdentityAsync(CancellationToken cancellationToken)
        => ReadAsync(c =>
        {
            using var command = Command(c, null, "SELECT name, signing_public_key, agreement_public_key, listen_url, created_at FROM node WHERE id = 1");
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                throw new StorageException("The database holds no node identity (was 'hotline init' run?).", false);
            }

            return new NodeIdentity(reader.GetString(0), (byte[])reader[1], (byte[])reader[2], reader.GetString(3), At(reader.GetInt64(4)));
        }, cancellationToken);

    public Task CreateInvitationAsync(InvitationRecord invitation, CancellationToken cancellationToken)
        => WriteAsync((c, t) => Execute(c, t, "INSERT INTO invitations (id, secret_hash, created_at, expires_at) VALUES ($i, $h, $c, $e)",
            ("$i", Id(invitation.Id)), ("$h", invitation.SecretHash), ("$c", Ms(invitation.CreatedAt)), ("$e", Ms(invitation.ExpiresAt))), cancellationToken);

    public Task<InvitationClaim> ClaimInvitationAsync(Guid invitationId, byte[] secretHash, DateTimeOffset now, LinkRecord link, CancellationToken cancellationToken)
        => WriteAsync((c, t) =>
        {
            using (var command = Command(c, t, "SELECT secret_hash, expires_at, used_at FROM invitations WHERE id = $i", ("$i", Id(invitationId))))
            using (var reader = command.ExecuteReader())
            {
                if (!reader.Read())
                {
                    return InvitationClaim.Unknown;
                }

                if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals((byte[])reader[0], secretHash))
                {
                    return InvitationClaim.WrongSecret;
                }

                if (!reader.IsDBNull(2))
                {
                    return InvitationClaim.AlreadyUsed;
                }

                if (reader.GetInt64(1) <= Ms(now))
                {
                    return InvitationClaim.Expired;
                }
            }

            Execute(c, t, "UPDATE invitations SET used_at = $u, link_id = $l WHERE id = $i", ("$u", Ms(now)), ("$l", Id(link.Id)), ("$i", Id(invitationId)));
            InsertLink(c, t, link);
            return InvitationClaim.Claimed;
        }, cancellationToken);

    public Task CreateLinkAsync(LinkRecord link, CancellationToken cancellationToken)
        => WriteAsync((c, t) => InsertLink(c, t, link), cancellationToken);

    private static void InsertLink(SqliteConnection c, SqliteTransaction t, LinkRecord link)
    {
        if (Scalar(c, t, "SELECT count(*) FROM links WHERE peer_name = $p", ("$p", link.PeerName)) is long n && n > 0)
        {
            throw new StorageException($"A link to a node named '{link.PeerName}' already exists.", false);
        }

        Execute(c, t, """
            INSERT INTO links (id, peer_name, peer_signing_key, peer_agreement_key, peer_endpoints, safety_number, created_at, last_contact_at)
            VALUES ($i, $p, $s, $a, $e, $n, $c, $l)
            """,
            ("$i", Id(link.Id)), ("$p", link.PeerName), ("$s", link.PeerSigningKey), ("$a", link.PeerAgreementKey),
            ("$e", string.Join('\n', link.PeerEndpoints)), ("$n", link.SafetyNumber), ("$c", Ms(link.CreatedAt)),
            ("$l", link.LastContactAt is { } at ? Ms(at) : null));
    }

    public Task<IReadOnlyList<LinkRecord>> GetLinksAsync(CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<LinkRecord>>(c => ReadLinks(c, "ORDER BY created_at, peer_name"), cancellationToken);

    public Task<LinkRecord?> FindLinkAsync(string idOrPeerName, CancellationToken cancellationToken)
        => ReadAsync(c =>
        {
            // An id first; a peer whose name happens to read as a GUID is still found by name.
            if (Guid.TryParse(idOrPeerName, out var id) && ReadLinks(c, "WHERE id = $i", ("$i", Id(id))).SingleOrDefault() is { } byId)
            {
                return byId;
            }

            return ReadLinks(c, "WHERE peer_name = $p", ("$p", idOrPeerName)).SingleOrDefault();
        }, cancellationToken);

    private static List<LinkRecord> ReadLinks(SqliteConnection c, string where, params (string, object?)[] parameters)
    {
        using var command = Command(c, null, "SELECT id, peer_name, peer_signing_key, peer_agreement_key, peer_endpoints, safety_number, created_at, last_contact_at FROM links " + where, parameters);
        using var reader = command.ExecuteReader();
        var links = new List<LinkRecord>();
        while (reader.Read())
        {
            links.Add(new LinkRecord(
                ReadId(reader, 0), reader.GetString(1), (byte[])reader[2], (byte[])reader[3],
                reader.GetString(4).Split('\n', StringSplitOptions.RemoveEmptyEntries), reader.GetString(5),
                At(reader.GetInt64(6)), AtOrNull(reader, 7)));
        }

        return links;
    }

    public Task TouchLinkAsync(Guid linkId, DateTimeOffset at, CancellationToken cancellationToken)
        => WriteAsync((c, t) => Execute(c, t, "UPDATE links SET last_contact_at = max(coalesce(last_contact_at, 0), $a) WHERE id = $i",
            ("$a", Ms(at)), ("$i", Id(linkId))), cancellationToken);

    public Task<IReadOnlyList<LinkBacklog>> GetBacklogsAsync(CancellationToken cancellationToken)
        => ReadAsync<IReadOnlyList<LinkBacklog>>(c =>
        {
            using var command = Command(c, null, "SELECT link_id, count(*), min(submitted_at) FROM outbox WHERE delivered_at IS NULL GROUP BY link_id");
            using var reader = command.ExecuteReader();
            var backlogs = new List<LinkBacklog>();
            while (reader.Read())
            {
                backlogs.Add(new LinkBacklog(ReadId(reader, 0), reader.GetInt64(1), AtOrNull(reader, 2)));
            }

            return backlogs;
        }, cancellationToken);

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
