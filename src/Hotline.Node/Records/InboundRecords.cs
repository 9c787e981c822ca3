using Hotline.Domain;
using Hotline.Domain.Wire;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Storage;
using Microsoft.Extensions.Logging;

namespace Hotline.Node.Records;

/// <summary>
/// Opens the typed envelopes of a received batch and turns the readable ones into records, stored in the same
/// transaction as the batch. An envelope whose body cannot be read stays in the transcript (the peer signed it) but
/// makes no record: it changes no request, directory or suspension, and the refusal is logged.
/// </summary>
public sealed class InboundRecords(NodeRuntime node, ILogger<InboundRecords> logger)
{
    private readonly BodyOpener _opener = new(node.AgreementKey);
    private readonly Lock _lock = new();

    public IReadOnlyList<HotlineRecord> Read(LinkRecord link, long start, IReadOnlyList<Envelope> envelopes)
    {
        List<HotlineRecord>? records = null;
        for (var i = 0; i < envelopes.Count; i++)
        {
            var envelope = envelopes[i];
            if (envelope.Type is EnvelopeType.Message || !Enum.IsDefined(envelope.Type))
            {
                continue;
            }

            byte[] body;
            lock (_lock)
            {
                if (!_opener.TryOpen(envelope.SealedBody, BodySeal.PeerSlot, Envelope.GuidBytes(envelope.EnvelopeId), envelope.AssociatedData(), out body))
                {
                    Log.RecordUnreadable(logger, link.Id, envelope.EnvelopeId, "the body does not open with this node's key");
                    continue;
                }
            }

            if (Subject(link, envelope, body, out var subject) is { } error)
            {
                Log.RecordUnreadable(logger, link.Id, envelope.EnvelopeId, error);
                continue;
            }

            (records ??= []).Add(new HotlineRecord(envelope.EnvelopeId, link.Id, LogDirection.Inbound, (ushort)envelope.Type,
                envelope.CreatedAt, subject, start + i, body));
        }

        return records ?? (IReadOnlyList<HotlineRecord>)[];
    }

    /// <summary>Checks the body reads as its type; returns what is wrong, or null with the request it is about.</summary>
    private static string? Subject(LinkRecord link, Envelope envelope, byte[] body, out Guid? subject)
    {
        subject = null;
        string? error;
        switch (envelope.Type)
        {
            case EnvelopeType.ContactRequest:
                subject = envelope.EnvelopeId;
                if (!WireCodec.TryDecodeRequest(body, new LinkId(link.Id), envelope.EnvelopeId, envelope.CreatedAt, out var opened, out error))
                {
                    return error;
                }

                return opened.Precedence == envelope.Precedence ? null : "the body's precedence differs from the envelope's";
            case EnvelopeType.ContactAction:
                if (!WireCodec.TryDecodeAction(body, out var request, out _, out error))
                {
                    return error;
                }

                subject = request.Value;
                return null;
            case EnvelopeType.Directory:
                return WireCodec.TryDecodeDirectory(body, out _, out _, out error) ? null : error;
            case EnvelopeType.Suspension:
                return WireCodec.TryDecodeSuspension(body, out _, out error) ? null : error;
            default:
                return "unknown type";
        }
    }
}
