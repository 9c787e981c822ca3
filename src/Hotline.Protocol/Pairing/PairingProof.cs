using System.Text;
using Hotline.Protocol.Crypto;

namespace Hotline.Protocol.Pairing;

/// <summary>
/// Signatures exchanged while pairing, proving that each side holds the private key it announces.
/// B signs <c>"hotline/v1 pair-request\n" || invitation id || B's Ed25519 key || B's X25519 key || B's name</c>;
/// A answers by signing <c>"hotline/v1 pair-accept\n" || invitation id || link id || B's Ed25519 key</c>.
/// </summary>
public static class PairingProof
{
    public static byte[] RequestMessage(Guid invitationId, ReadOnlySpan<byte> signingKey, ReadOnlySpan<byte> agreementKey, string name)
        => [.. "hotline/v1 pair-request\n"u8, .. Envelopes.Envelope.GuidBytes(invitationId), .. signingKey, .. agreementKey, .. Encoding.UTF8.GetBytes(name)];

    public static byte[] AcceptMessage(Guid invitationId, Guid linkId, ReadOnlySpan<byte> requesterSigningKey)
        => [.. "hotline/v1 pair-accept\n"u8, .. Envelopes.Envelope.GuidBytes(invitationId), .. Envelopes.Envelope.GuidBytes(linkId), .. requesterSigningKey];

    public static byte[] SignRequest(NodeSigningKey key, Guid invitationId, ReadOnlySpan<byte> agreementKey, string name)
        => key.Sign(RequestMessage(invitationId, key.PublicKey, agreementKey, name));

    public static byte[] SignAccept(NodeSigningKey key, Guid invitationId, Guid linkId, ReadOnlySpan<byte> requesterSigningKey)
        => key.Sign(AcceptMessage(invitationId, linkId, requesterSigningKey));
}
