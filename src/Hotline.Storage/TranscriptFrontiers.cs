using Hotline.Protocol.Transcript;

namespace Hotline.Storage;

/// <summary>Reading a transcript's stored frontier as the Merkle type it serializes.</summary>
public static class TranscriptFrontiers
{
    /// <summary>The stored frontier, the empty tree when nothing was stored; a corrupt one is a storage failure.</summary>
    public static async Task<MerkleFrontier> LoadFrontierAsync(this INodeStore store, Guid linkId, LogDirection direction, CancellationToken cancellationToken)
    {
        var bytes = await store.GetFrontierAsync(linkId, direction, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return MerkleFrontier.Empty();
        }

        return MerkleFrontier.TryFromBytes(bytes, out var frontier)
            ? frontier
            : throw new StorageException($"The stored {direction} frontier of link {linkId} is corrupt.", false);
    }
}
