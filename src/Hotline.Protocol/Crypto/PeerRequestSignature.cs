using System.Globalization;
using System.Text;

namespace Hotline.Protocol.Crypto;

/// <summary>
/// How a linked peer authenticates a read of this node's transcript (tlog-tiles serving, docs/evidence.md): Ed25519
/// by the peer's pinned node key over <c>"hotline-peer-read/v1\n" || link id || "\n" || path || "\n" || decimal(unix
/// seconds)</c>, sent as <c>Hotline-Peer-Signature: t=&lt;seconds&gt;,ed25519=&lt;base64&gt;</c>. The path binds the
/// signature to one resource; the time, checked against a window, stops replays.
/// </summary>
public static class PeerRequestSignature
{
    public const string HeaderName = "Hotline-Peer-Signature";

    public static byte[] SignedMessage(Guid linkId, string path, long timestamp)
        => Encoding.UTF8.GetBytes($"hotline-peer-read/v1\n{linkId:D}\n{path}\n{timestamp.ToString(CultureInfo.InvariantCulture)}");

    public static string Sign(NodeSigningKey key, Guid linkId, string path, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(key);
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},ed25519={Convert.ToBase64String(key.Sign(SignedMessage(linkId, path, timestamp)))}";
    }

    /// <summary>Whether <paramref name="header"/> is a valid signature of this read by <paramref name="publicKey"/>
    /// made within <paramref name="window"/> of <paramref name="now"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, Guid linkId, string path, string? header, DateTimeOffset now, TimeSpan window)
    {
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
                default: return false;
            }
        }

        var bytes = new byte[64];
        return t is not null && signature is not null
            && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            && timestamp <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            && (now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() <= window
            && Convert.TryFromBase64String(signature, bytes, out var written) && written == 64
            && NodeSigningKey.Verify(publicKey, SignedMessage(linkId, path, timestamp), bytes);
    }
}
