using System.Globalization;
using System.Text;

namespace Hotline.Protocol.Crypto;

/// <summary>
/// How a node signs the webhook notifications it POSTs: Ed25519 by the node's key over
/// <c>"hotline-webhook/v1\n" || decimal(unix seconds) || "\n" || body bytes</c>, sent as the header
/// <c>Hotline-Signature: t=&lt;seconds&gt;,ed25519=&lt;base64 signature&gt;</c>. The receiver pins the node's public key
/// (shown by <c>hotline status</c>), so no shared secret has to be configured or can leak; the time lets it refuse
/// replays of old deliveries.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "Hotline-Signature";

    public static byte[] SignedMessage(long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"hotline-webhook/v1\n{timestamp.ToString(CultureInfo.InvariantCulture)}\n");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return message;
    }

    public static string Sign(NodeSigningKey key, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SignatureHeader.Format(timestamp, key.Sign(SignedMessage(timestamp, body)));
    }

    /// <summary>Checks a header value against the body and the node's public key; gives the signed time. Parameters
    /// other than t and ed25519 are ignored, so a later version may add some.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, string header, ReadOnlySpan<byte> body, out long timestamp)
        => SignatureHeader.TryParse(header, allowOtherParameters: true, out timestamp, out var signature)
            && NodeSigningKey.Verify(publicKey, SignedMessage(timestamp, body), signature);
}
