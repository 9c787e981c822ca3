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
        return SignatureHeader.Format(timestamp, key.Sign(SignedMessage(linkId, path, timestamp)));
    }

    /// <summary>Whether <paramref name="header"/> is a valid signature of this read by <paramref name="publicKey"/>
    /// made within <paramref name="window"/> of <paramref name="now"/>. Unknown parameters are refused.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, Guid linkId, string path, string? header, DateTimeOffset now, TimeSpan window)
        => SignatureHeader.TryParse(header, allowOtherParameters: false, out var timestamp, out var signature)
            && timestamp <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            && (now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() <= window
            && NodeSigningKey.Verify(publicKey, SignedMessage(linkId, path, timestamp), signature);
}
