using System.Security.Cryptography;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Pairing;
using Hotline.Protocol.Transcript;
using Hotline.Storage;
using Microsoft.Extensions.Logging;

namespace Hotline.Node.Federation;

/// <summary>
/// Pairing (docs/protocol.md §Pairing): A issues a signed one-time invitation; B's operator accepts it, B calls A with
/// the invitation's secret and a signature by its own key; A consumes the invitation and creates the link in one
/// transaction and answers with the link id signed by its key; both pin each other's keys and show the same safety
/// number.
/// </summary>
public sealed class PairingService(NodeRuntime node, FederationClient client, Relay.OutboxRelay relay, Directories.DirectoryService directories, TimeProvider time, ILogger<PairingService> logger)
{
    public static readonly TimeSpan DefaultInvitationLifetime = TimeSpan.FromHours(24);

    /// <summary>Issues an invitation token; only the hash of its secret is stored.</summary>
    public async Task<(string Token, DateTimeOffset ExpiresAt)> InviteAsync(TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var secret = RandomNumberGenerator.GetBytes(32);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((now + lifetime).ToUnixTimeSeconds());
        var invitation = new Invitation(Guid.CreateVersion7(now), secret, expiresAt, node.SigningKey.PublicKey, node.AgreementKey.PublicKey, node.Name, [node.ListenUrl]);
        await node.Store.CreateInvitationAsync(new InvitationRecord(invitation.Id, SHA256.HashData(secret), now, expiresAt), cancellationToken).ConfigureAwait(false);
        return (invitation.ToToken(node.SigningKey), expiresAt);
    }

    /// <summary>B's side: accept a token issued by another node.</summary>
    /// <exception cref="PairingException">The token is invalid or expired, or A refused.</exception>
    public async Task<LinkRecord> AcceptAsync(string token, CancellationToken cancellationToken)
    {
        if (!Invitation.TryParse(token, out var invitation, out var error))
        {
            throw new PairingException($"The invitation is invalid: {error}.");
        }

        if (invitation.ExpiresAt <= time.GetUtcNow())
        {
            throw new PairingException($"The invitation expired at {invitation.ExpiresAt:u}; ask {invitation.Name} for a new one.");
        }

        if (invitation.SigningKey.AsSpan().SequenceEqual(node.SigningKey.PublicKey))
        {
            throw new PairingException("This invitation was issued by this node; accept it on the other node.");
        }

        var request = new PairRequest(
            invitation.Id,
            Convert.ToBase64String(invitation.SigningKey),
            Convert.ToBase64String(invitation.Secret),
            node.Name,
            Convert.ToBase64String(node.SigningKey.PublicKey),
            Convert.ToBase64String(node.AgreementKey.PublicKey),
            [node.ListenUrl],
            Convert.ToBase64String(PairingProof.SignRequest(node.SigningKey, invitation.Id, node.AgreementKey.PublicKey, node.Name)));
        PairResponse response;
        try
        {
            response = await client.PairAsync(invitation.Endpoints, request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new PairingException($"Cannot reach {invitation.Name} at {string.Join(", ", invitation.Endpoints)}: {ex.Message}");
        }

        if (!Base64Text.TryDecode(response.Signature, out var signature)
            || !NodeSigningKey.Verify(invitation.SigningKey, PairingProof.AcceptMessage(invitation.Id, response.LinkId, node.SigningKey.PublicKey), signature))
        {
            throw new PairingException($"The answer from {string.Join(", ", invitation.Endpoints)} is not signed by the key in the invitation; the link was not created.");
        }

        var now = time.GetUtcNow();
        var link = new LinkRecord(response.LinkId, invitation.Name, invitation.SigningKey, invitation.AgreementKey, invitation.Endpoints,
            SafetyNumber.Compute(node.SigningKey.PublicKey, node.AgreementKey.PublicKey, invitation.SigningKey, invitation.AgreementKey), now, now);
        await node.Store.CreateLinkAsync(link, cancellationToken).ConfigureAwait(false);
        Log.Paired(logger, link.PeerName, link.Id);
        // Start the link's relay now: its first probe makes the link 'up' on this side too, before any traffic.
        relay.Wake(link.Id);
        await ShareDirectoryAsync(cancellationToken).ConfigureAwait(false);
        return link;
    }

    /// <summary>A's side: the federation endpoint's handler. Returns the answer, or a refusal for the requester.</summary>
    public async Task<(PairResponse? Response, FederationProblem? Problem)> CompleteAsync(PairRequest request, CancellationToken cancellationToken)
    {
        FederationProblem Refuse(string reason, string detail)
        {
            Log.PairingRefused(logger, detail);
            return new FederationProblem(reason, detail);
        }

        if (!Base64Text.TryDecode(request.IssuerKey, out var issuer) || !issuer.AsSpan().SequenceEqual(node.SigningKey.PublicKey))
        {
            return (null, Refuse("wrong-node", $"this invitation was not issued by this node ({node.Name})"));
        }

        if (!Base64Text.TryDecode(request.Secret, out var secret) || !Base64Text.TryDecode(request.SigningKey, out var signingKey) || signingKey.Length != 32
            || !Base64Text.TryDecode(request.AgreementKey, out var agreementKey) || agreementKey.Length != 32 || !Base64Text.TryDecode(request.Signature, out var signature)
            || request.Endpoints is not { Count: > 0 and <= Invitation.MaxEndpoints } || !request.Endpoints.All(IsHttpUrl)
            || request.Name is null || !TranscriptNames.IsValidNodeName(request.Name))
        {
            return (null, Refuse("malformed", "the pairing request is malformed"));
        }

        if (!NodeSigningKey.Verify(signingKey, PairingProof.RequestMessage(request.InvitationId, signingKey, agreementKey, request.Name), signature))
        {
            return (null, Refuse("bad-signature", "the pairing request is not signed by the key it announces"));
        }

        if (string.Equals(request.Name, node.Name, StringComparison.Ordinal))
        {
            return (null, Refuse("same-name", $"both nodes are named '{node.Name}'; node names must differ"));
        }

        var now = time.GetUtcNow();
        var link = new LinkRecord(Guid.CreateVersion7(now), request.Name, signingKey, agreementKey, request.Endpoints,
            SafetyNumber.Compute(node.SigningKey.PublicKey, node.AgreementKey.PublicKey, signingKey, agreementKey), now, now);
        InvitationClaim claim;
        try
        {
            claim = await node.Store.ClaimInvitationAsync(request.InvitationId, SHA256.HashData(secret), now, link, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException ex) when (!ex.IsTransient)
        {
            return (null, Refuse("conflict", ex.Message));
        }

        switch (claim)
        {
            case InvitationClaim.Claimed:
                Log.Paired(logger, link.PeerName, link.Id);
                relay.Wake(link.Id);
                await ShareDirectoryAsync(cancellationToken).ConfigureAwait(false);
                return (new PairResponse(link.Id, node.Name, link.SafetyNumber,
                    Convert.ToBase64String(PairingProof.SignAccept(node.SigningKey, request.InvitationId, link.Id, signingKey))), null);
            case InvitationClaim.Unknown:
                return (null, Refuse("unknown-invitation", "this node issued no such invitation"));
            case InvitationClaim.WrongSecret:
                return (null, Refuse("unknown-invitation", "the invitation's secret does not match"));
            case InvitationClaim.Expired:
                return (null, Refuse("expired", "the invitation has expired; ask for a new one"));
            case InvitationClaim.AlreadyUsed:
                return (null, Refuse("already-used", "the invitation was already used; an invitation works once"));
            default:
                throw new InvalidOperationException("Unknown invitation claim.");
        }
    }

    private static bool IsHttpUrl(string url)
        => Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Sends our directory on the new link. The link exists either way: a failure here is retried by the
    /// deadline monitor's sharing on the next start, never turned into a failed pairing.</summary>
    private async Task ShareDirectoryAsync(CancellationToken cancellationToken)
    {
        try
        {
            await directories.ShareAllAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StorageException or Messaging.SubmissionException)
        {
            Log.DirectoryNotShared(logger, ex.Message);
        }
    }
}
