using System.Buffers.Binary;
using System.Text;
using Hotline.Protocol.Crypto;

namespace Hotline.Protocol.Pairing;

/// <summary>
/// A one-time invitation to pair, issued by node A and carried to node B's operator out of band.
/// Token text: <c>hotline-invite-v1.</c> followed by base64url (no padding) of payload || Ed25519 signature (64),
/// signed by A over <c>"hotline/v1 invitation\n" || payload</c>. Payload, big-endian:
/// <code>
/// 16  invitation id
/// 32  secret (proves to A that B holds this token)
///  8  expires at, Unix seconds (i64)
/// 32  A's Ed25519 public key
/// 32  A's X25519 public key
///  1  name length, name (UTF-8, a valid node name)
///  1  endpoint count (1..8), each: u16 length, URL (UTF-8, ≤ 512)
/// </code>
/// The signature binds the keys to the endpoints; whether the keys are really A's is what the safety number checks.
/// </summary>
public sealed record Invitation(Guid Id, byte[] Secret, DateTimeOffset ExpiresAt, byte[] SigningKey, byte[] AgreementKey, string Name, IReadOnlyList<string> Endpoints)
{
    public const string Prefix = "hotline-invite-v1.";
    public const int MaxEndpoints = 8;
    public const int MaxEndpointBytes = 512;
    private static readonly byte[] s_context = Encoding.ASCII.GetBytes("hotline/v1 invitation\n");

    /// <summary>Encodes and signs the token.</summary>
    public string ToToken(NodeSigningKey issuer)
    {
        if (!issuer.PublicKey.AsSpan().SequenceEqual(SigningKey))
        {
            throw new ArgumentException("The invitation must be signed by the key it names.", nameof(issuer));
        }

        var payload = EncodePayload();
        var signature = issuer.Sign([.. s_context, .. payload]);
        return Prefix + Base64Url([.. payload, .. signature]);
    }

    private byte[] EncodePayload()
    {
        if (Endpoints.Count is 0 or > MaxEndpoints)
        {
            throw new ArgumentException($"An invitation names 1 to {MaxEndpoints} endpoints.");
        }

        using var stream = new MemoryStream();
        stream.Write(Envelopes.Envelope.GuidBytes(Id));
        stream.Write(Secret);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, ExpiresAt.ToUnixTimeSeconds());
        stream.Write(number);
        stream.Write(SigningKey);
        stream.Write(AgreementKey);
        var name = Encoding.UTF8.GetBytes(Name);
        stream.WriteByte((byte)name.Length);
        stream.Write(name);
        stream.WriteByte((byte)Endpoints.Count);
        foreach (var endpoint in Endpoints)
        {
            var bytes = Encoding.UTF8.GetBytes(endpoint);
            if (bytes.Length > MaxEndpointBytes)
            {
                throw new ArgumentException("An endpoint URL is at most 512 bytes.");
            }

            BinaryPrimitives.WriteUInt16BigEndian(number, (ushort)bytes.Length);
            stream.Write(number[..2]);
            stream.Write(bytes);
        }

        return stream.ToArray();
    }

    /// <summary>Decodes a token and checks its self-signature. Expiry is checked by the caller, who owns the clock.</summary>
    public static bool TryParse(string token, out Invitation invitation, out string? error)
    {
        invitation = null!;
        token = token.Trim();
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 8192)
        {
            error = $"not a Hotline invitation (it should start with '{Prefix}')";
            return false;
        }

        byte[] raw;
        try
        {
            raw = FromBase64Url(token[Prefix.Length..]);
        }
        catch (FormatException)
        {
            error = "the invitation is damaged (invalid base64url)";
            return false;
        }

        if (raw.Length < 16 + 32 + 8 + 32 + 32 + 1 + 1 + 64)
        {
            error = "the invitation is truncated";
            return false;
        }

        var payload = raw.AsSpan(0, raw.Length - 64);
        var signature = raw.AsSpan(raw.Length - 64);
        var offset = 0;
        var id = Envelopes.Envelope.ReadGuid(payload.Slice(offset, 16));
        offset += 16;
        var secret = payload.Slice(offset, 32).ToArray();
        offset += 32;
        var expires = BinaryPrimitives.ReadInt64BigEndian(payload[offset..]);
        offset += 8;
        var signingKey = payload.Slice(offset, 32).ToArray();
        offset += 32;
        var agreementKey = payload.Slice(offset, 32).ToArray();
        offset += 32;
        var nameLength = payload[offset++];
        if (payload.Length - offset < nameLength + 1)
        {
            error = "the invitation is truncated";
            return false;
        }

        var name = Encoding.UTF8.GetString(payload.Slice(offset, nameLength));
        offset += nameLength;
        var count = payload[offset++];
        var endpoints = new List<string>();
        for (var i = 0; i < count; i++)
        {
            if (payload.Length - offset < 2)
            {
                error = "the invitation is truncated";
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
            offset += 2;
            if (length > MaxEndpointBytes || payload.Length - offset < length)
            {
                error = "the invitation is truncated";
                return false;
            }

            endpoints.Add(Encoding.UTF8.GetString(payload.Slice(offset, length)));
            offset += length;
        }

        if (offset != payload.Length || count is 0 or > MaxEndpoints || !Transcript.TranscriptNames.IsValidNodeName(name)
            || expires < 0 || expires > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            error = "the invitation is malformed";
            return false;
        }

        if (!NodeSigningKey.Verify(signingKey, [.. s_context, .. payload], signature))
        {
            error = "the invitation's signature is not valid (it was altered)";
            return false;
        }

        invitation = new Invitation(id, secret, DateTimeOffset.FromUnixTimeSeconds(expires), signingKey, agreementKey, name, endpoints);
        error = null;
        return true;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => throw new FormatException() };
        return Convert.FromBase64String(s);
    }

    public override string ToString() => $"Invitation {Id} from {Name}";
}
