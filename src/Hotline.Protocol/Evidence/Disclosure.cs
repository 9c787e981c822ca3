using System.Text.Json.Serialization;

namespace Hotline.Protocol.Evidence;

/// <summary>One disclosed body in an export (<c>disclosed/&lt;envelope id&gt;.json</c>): the envelope's index and id,
/// its content key <c>K</c> (base64) and the body as UTF-8 text.</summary>
public sealed record Disclosure(long Index, string Envelope, string Key, string Body);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(Disclosure))]
public sealed partial class EvidenceJsonContext : JsonSerializerContext;
