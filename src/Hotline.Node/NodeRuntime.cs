using Hotline.Protocol.Crypto;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;
using Hotline.Storage;

namespace Hotline.Node;

/// <summary>The running node's identity: its name, its keys (private keys stay in this process) and its store.</summary>
public sealed class NodeRuntime(DataDirectory data, NodeIdentity identity, NodeSigningKey signingKey, NodeAgreementKey agreementKey, INodeStore store) : IAsyncDisposable
{
    public DataDirectory Data { get; } = data;

    public NodeIdentity Identity { get; } = identity;

    public NodeSigningKey SigningKey { get; } = signingKey;

    public NodeAgreementKey AgreementKey { get; } = agreementKey;

    public INodeStore Store { get; } = store;

    public string Name => Identity.Name;

    /// <summary>The URL the node actually listens on (set when Kestrel has bound).</summary>
    public string ListenUrl { get; set; } = identity.ListenUrl;

    /// <summary>The key that signs checkpoints of this node's transcript on <paramref name="linkId"/>.</summary>
    public string OutboundOrigin(Guid linkId) => TranscriptNames.Origin(linkId, Name);

    /// <summary>This node's cosigner key name, under which it signs receipts.</summary>
    public string CosignerName => TranscriptNames.CosignerName(Name);

    /// <summary>The peer's pinned log key for its transcript on a link.</summary>
    public static NoteKey PeerLogKey(LinkRecord link) => new(TranscriptNames.Origin(link.Id, link.PeerName), NoteKey.Ed25519Type, link.PeerSigningKey);

    /// <summary>The peer's pinned cosigner key, which signs its receipts for our transcript.</summary>
    public static NoteKey PeerCosignerKey(LinkRecord link) => new(TranscriptNames.CosignerName(link.PeerName), NoteKey.CosignatureV1Type, link.PeerSigningKey);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync().ConfigureAwait(false);
        SigningKey.Dispose();
        AgreementKey.Dispose();
    }
}
