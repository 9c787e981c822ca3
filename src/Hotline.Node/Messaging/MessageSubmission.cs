using System.Security.Cryptography;
using System.Text;
using Hotline.Protocol;
using Hotline.Protocol.Envelopes;
using Hotline.Storage;

namespace Hotline.Node.Messaging;

/// <summary>Why a submission was refused; the operator API maps each to a 4xx answer.</summary>
public sealed class SubmissionException(string message) : Exception(message)
{
    public SubmissionException() : this("The submission was refused.")
    {
    }

    public SubmissionException(string message, Exception inner) : this(message + " " + inner.Message)
    {
    }
}

/// <summary>
/// The send path's first half: validate, seal each body to the peer and to ourselves, and record the envelopes in the
/// outbox in one transaction. The relay sequences and sends them.
/// </summary>
public sealed class MessageSubmission(NodeRuntime node, BodySealers sealers, Relay.OutboxRelay relay, TimeProvider time)
{
    public const int MaxMessagesPerCall = 1000;

    public async Task<IReadOnlyList<Guid>> SubmitAsync(LinkRecord link, Precedence precedence, string from, string to, IReadOnlyList<string> bodies, CancellationToken cancellationToken)
    {
        if (bodies.Count is 0 or > MaxMessagesPerCall)
        {
            throw new SubmissionException($"Send 1 to {MaxMessagesPerCall} messages per call (got {bodies.Count}).");
        }

        if (Encoding.UTF8.GetByteCount(from) > Envelope.MaxAddressBytes || Encoding.UTF8.GetByteCount(to) > Envelope.MaxAddressBytes)
        {
            throw new SubmissionException($"'from' and 'to' are at most {Envelope.MaxAddressBytes} bytes of UTF-8.");
        }

        var now = time.GetUtcNow();
        var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        var maxBody = Envelope.MaxSize - Envelope.AssociatedData(link.Id, Guid.Empty, precedence, EnvelopeType.Message, createdAt, node.SigningKey.PublicKey, from, to).Length
            - 4 - Protocol.Crypto.BodySeal.Overhead;
        var items = new List<OutboxItem>(bodies.Count);
        var contentKey = new byte[32];
        for (var i = 0; i < bodies.Count; i++)
        {
            var plaintext = Encoding.UTF8.GetBytes(bodies[i]);
            if (plaintext.Length > maxBody)
            {
                throw new SubmissionException($"Message {i + 1} is {plaintext.Length} bytes; an envelope holds at most {maxBody} bytes of body (envelopes are limited to {Envelope.MaxSize} bytes).");
            }

            var id = Guid.CreateVersion7(now);
            var aad = Envelope.AssociatedData(link.Id, id, precedence, EnvelopeType.Message, createdAt, node.SigningKey.PublicKey, from, to);
            RandomNumberGenerator.Fill(contentKey);
            var sealedBody = sealers.For(link).Seal(Envelope.GuidBytes(id), contentKey, aad, plaintext);
            items.Add(new OutboxItem(id, link.Id, precedence, (ushort)EnvelopeType.Message, createdAt, from, to, sealedBody));
        }

        CryptographicOperations.ZeroMemory(contentKey);
        await node.Store.AppendToOutboxAsync(items, now, cancellationToken).ConfigureAwait(false);
        relay.Wake(link.Id);
        return items.ConvertAll(item => item.EnvelopeId);
    }
}
