using System.Text.RegularExpressions;

namespace Hotline.Protocol.Transcript;

/// <summary>
/// Names in signed notes. A transcript (one per link and sender) has the checkpoint origin and log key name
/// <c>hotline/link/&lt;link id&gt;/&lt;sender node name&gt;</c>; a node cosigns receipts as <c>hotline/node/&lt;name&gt;</c>.
/// </summary>
public static partial class TranscriptNames
{
    /// <summary>Node names: 1–64 of A–Z a–z 0–9 . _ - (they appear in origins and key names).</summary>
    public static bool IsValidNodeName(string name) => NodeNamePattern().IsMatch(name);

    public static string Origin(Guid linkId, string senderName) => $"hotline/link/{linkId:D}/{senderName}";

    public static string CosignerName(string nodeName) => $"hotline/node/{nodeName}";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NodeNamePattern();
}
