using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hotline.Node.Federation;

// The node-to-node transport (/federation/v1). JSON only carries signed bytes (base64) and unsigned hints; every
// decision rests on the signatures inside. docs/protocol.md §Transport describes each exchange.

/// <summary>B asks A to complete pairing with A's invitation.</summary>
public sealed record PairRequest(
    Guid InvitationId,
    string IssuerKey,
    string Secret,
    string Name,
    string SigningKey,
    string AgreementKey,
    IReadOnlyList<string> Endpoints,
    string Signature);

/// <summary>A's answer: the new link id, signed over B's key and the invitation.</summary>
public sealed record PairResponse(Guid LinkId, string Name, string SafetyNumber, string Signature);

/// <summary>Entries [start, start + entries.Count) of the sender's transcript and its signed checkpoint at the end.</summary>
public sealed record BatchRequest(long Start, IReadOnlyList<string> Entries, string Checkpoint);

/// <summary>A receipt: the receiver's cosignature line on the sender's checkpoint of <see cref="Size"/>.</summary>
public sealed record ReceiptResponse(long Size, string Cosignature);

/// <summary>The probe: how much of each transcript the answering node holds.</summary>
public sealed record LinkStateResponse(long InboundSize, long OutboundSize);

/// <summary>A refusal the peer can act on: a closed reason code, a sentence, and for a gap the size to resend from.</summary>
public sealed record FederationProblem(string Reason, string Detail, long? ExpectedSize = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PairRequest))]
[JsonSerializable(typeof(PairResponse))]
[JsonSerializable(typeof(BatchRequest))]
[JsonSerializable(typeof(ReceiptResponse))]
[JsonSerializable(typeof(LinkStateResponse))]
[JsonSerializable(typeof(FederationProblem))]
public sealed partial class FederationJsonContext : JsonSerializerContext;
