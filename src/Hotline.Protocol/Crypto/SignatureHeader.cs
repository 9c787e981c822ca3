using System.Globalization;

namespace Hotline.Protocol.Crypto;

/// <summary>The <c>t=&lt;unix seconds&gt;,ed25519=&lt;base64 signature&gt;</c> header value of Hotline's signed HTTP
/// messages (webhooks, peer reads).</summary>
internal static class SignatureHeader
{
    public static string Format(long timestamp, byte[] signature)
        => $"t={timestamp.ToString(CultureInfo.InvariantCulture)},ed25519={Convert.ToBase64String(signature)}";

    /// <summary>Reads the time and the 64-byte signature; <paramref name="allowOtherParameters"/> ignores parameters
    /// other than t and ed25519 instead of refusing the header.</summary>
    public static bool TryParse(string? header, bool allowOtherParameters, out long timestamp, out byte[] signature)
    {
        timestamp = 0;
        signature = [];
        string? t = null, encoded = null;
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
                case "ed25519": encoded = part[(eq + 1)..]; break;
                default:
                    if (!allowOtherParameters)
                    {
                        return false;
                    }

                    break;
            }
        }

        var bytes = new byte[64];
        if (t is null || encoded is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp)
            || !Convert.TryFromBase64String(encoded, bytes, out var written) || written != 64)
        {
            return false;
        }

        signature = bytes;
        return true;
    }
}
