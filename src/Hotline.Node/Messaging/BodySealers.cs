using System.Collections.Concurrent;
using System.Security.Cryptography;
using Hotline.Protocol.Crypto;
using Hotline.Storage;

namespace Hotline.Node.Messaging;

/// <summary>
/// One <see cref="BodySealer"/> per link, replaced after an epoch (10 minutes or 100,000 bodies), so the two X25519
/// agreements are paid per epoch rather than per message. The ephemeral private key is never stored: the sender reads
/// its own bodies through its slot, with its own long-term key.
/// </summary>
public sealed class BodySealers(NodeRuntime node, TimeProvider time)
{
    private static readonly TimeSpan s_epoch = TimeSpan.FromMinutes(10);
    private const int MaxBodiesPerEpoch = 100_000;
    private readonly ConcurrentDictionary<Guid, Epoch> _epochs = new();

    public BodySealer For(LinkRecord link)
    {
        var now = time.GetUtcNow();
        var epoch = _epochs.AddOrUpdate(
            link.Id,
            _ => NewEpoch(link, now),
            (_, current) => now - current.Started < s_epoch && Interlocked.Increment(ref current.Uses) < MaxBodiesPerEpoch ? current : NewEpoch(link, now));
        return epoch.Sealer;
    }

    private Epoch NewEpoch(LinkRecord link, DateTimeOffset now)
    {
        var ephemeral = RandomNumberGenerator.GetBytes(32);
        try
        {
            return new Epoch(new BodySealer(ephemeral, link.PeerAgreementKey, node.AgreementKey.PublicKey), now);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ephemeral);
        }
    }

    private sealed class Epoch(BodySealer sealer, DateTimeOffset started)
    {
        public int Uses;

        public BodySealer Sealer { get; } = sealer;

        public DateTimeOffset Started { get; } = started;
    }
}
