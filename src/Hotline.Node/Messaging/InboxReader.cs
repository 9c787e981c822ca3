using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Storage;

namespace Hotline.Node.Messaging;

/// <summary>A received envelope with its body opened.</summary>
public sealed record InboxMessage(Envelope Envelope, string Body, DateTimeOffset ReceivedAt, bool Opened);

/// <summary>Opens received bodies with this node's X25519 key (slot 0 of each sealed body).</summary>
public sealed class InboxReader(NodeRuntime node)
{
    private readonly BodyOpener _opener = new(node.AgreementKey);
    private readonly Lock _lock = new();

    public InboxMessage Open(LogEntry entry)
    {
        if (!Envelope.TryDecode(entry.Entry, out var envelope, out var error))
        {
            // Stored entries were verified on receipt; this only happens if the database was altered.
            throw new StorageException($"Stored envelope {entry.EnvelopeId} is unreadable: {error}", false);
        }

        byte[] plaintext;
        bool opened;
        lock (_lock)
        {
            opened = _opener.TryOpen(envelope.SealedBody, BodySeal.PeerSlot, Envelope.GuidBytes(envelope.EnvelopeId), envelope.AssociatedData(), out plaintext);
        }

        var body = opened ? System.Text.Encoding.UTF8.GetString(plaintext) : "";
        return new InboxMessage(envelope, body, entry.StoredAt, opened);
    }
}
