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
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},ed25519={Convert.ToBase64String(key.Sign(SignedMessage(timestamp, body)))}";
    }

    /// <summary>Checks a header value against the body and the node's public key; gives the signed time.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, string header, ReadOnlySpan<byte> body, out long timestamp)
    {
        timestamp = 0;
        string? t = null, signature = null;
        foreach (var part in (header ?? "").Split(','))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }

            switch (part[..eq].Trim())
            {
                case "t": t = part[(eq + 1)..]; break;
                case "ed25519": signature = part[(eq + 1)..]; break;
                default: break;
            }
        }

        if (t is null || signature is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp))
        {
            return false;
        }

        var bytes = new byte[64];
        return Convert.TryFromBase64String(signature, bytes, out var written) && written == 64
            && NodeSigningKey.Verify(publicKey, SignedMessage(timestamp, body), bytes);
    }
}
