using System.Security.Cryptography;
using Hotline.Node.Messaging;
using Hotline.Node.Relay;
using Hotline.Protocol;
using Hotline.Protocol.Envelopes;
using Hotline.Storage;

namespace Hotline.Node.Records;

/// <summary>
/// The send path for hotline records (contact requests and actions, directories, suspensions): seal the JSON body to
/// the peer and to ourselves, queue the envelope and keep the plaintext record in one transaction, wake the relay.
/// </summary>
public sealed class RecordSubmission(NodeRuntime node, BodySealers sealers, OutboxRelay relay)
{
    public async Task<HotlineRecord> SubmitAsync(LinkRecord link, EnvelopeType type, Precedence precedence, Guid envelopeId, DateTimeOffset createdAt,
        string from, string to, Guid? subject, byte[] body, CancellationToken cancellationToken)
    {
        var aad = Envelope.AssociatedData(link.Id, envelopeId, precedence, type, createdAt, node.SigningKey.PublicKey, from, to);
        var maxBody = Envelope.MaxSize - aad.Length - 4 - Protocol.Crypto.BodySeal.Overhead;
        if (body.Length > maxBody)
        {
            throw new SubmissionException($"The record is {body.Length} bytes; an envelope holds at most {maxBody} bytes of body.");
        }

        var contentKey = RandomNumberGenerator.GetBytes(32);
        byte[] sealedBody;
        try
        {
            sealedBody = sealers.For(link).Seal(Envelope.GuidBytes(envelopeId), contentKey, aad, body);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contentKey);
        }

        var record = new HotlineRecord(envelopeId, link.Id, LogDirection.Outbound, (ushort)type, createdAt, subject, null, body);
        await node.Store.AppendRecordAsync(new OutboxItem(envelopeId, link.Id, precedence, (ushort)type, createdAt, from, to, sealedBody), record, createdAt, cancellationToken).ConfigureAwait(false);
        relay.Wake(link.Id);
        return record;
    }
}
