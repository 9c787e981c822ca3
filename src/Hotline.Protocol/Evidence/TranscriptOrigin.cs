using System.Diagnostics.CodeAnalysis;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Evidence;

/// <summary>Reads a transcript origin <c>hotline/link/&lt;link id&gt;/&lt;sender&gt;</c> back into its parts.</summary>
public static class TranscriptOrigin
{
    public static bool TryParse(string origin, out Guid linkId, [NotNullWhen(true)] out string? sender)
    {
        linkId = Guid.Empty;
        sender = null;
        var parts = origin?.Split('/') ?? [];
        if (parts.Length != 4 || parts[0] != "hotline" || parts[1] != "link" || !Guid.TryParseExact(parts[2], "D", out linkId)
            || !TranscriptNames.IsValidNodeName(parts[3]) || TranscriptNames.Origin(linkId, parts[3]) != origin)
        {
            return false;
        }

        sender = parts[3];
        return true;
    }
}
