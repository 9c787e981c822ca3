namespace Hotline.Node;

/// <summary>Decoding base64 that came from a peer or an operator: a bool, never an exception on bad input.</summary>
internal static class Base64Text
{
    public static bool TryDecode(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null)
        {
            return false;
        }

        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
