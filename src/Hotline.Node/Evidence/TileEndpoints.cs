using Hotline.Protocol.Crypto;
using Hotline.Protocol.Tiles;
using Hotline.Protocol.Transcript;
using Hotline.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hotline.Node.Evidence;

/// <summary>
/// Serves this node's outbound transcript of a link to its peer as C2SP tlog-tiles (docs/evidence.md):
/// <c>GET /federation/v1/links/{id}/log/checkpoint</c> (the latest receipted checkpoint with the peer's own
/// cosignature), <c>…/log/tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> and <c>…/log/tile/entries/&lt;N&gt;[.p/&lt;W&gt;]</c>.
/// Only the linked peer may read, each request signed with its pinned key (<see cref="PeerRequestSignature"/>): the
/// transcript's metadata is the two parties' business. Tiles cover every sequenced entry; the checkpoint served is the
/// latest receipted one. A peer that doubts a signed checkpoint reads the tiles to prove or clear it.
/// </summary>
public static class TileEndpoints
{
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(5);

    public static void MapTileServing(this IEndpointRouteBuilder app)
        => app.MapGet("/federation/v1/links/{linkId:guid}/log/{**path}", ServeAsync).WithTags("Federation");

    private static async Task<IResult> ServeAsync(Guid linkId, string path, HttpContext http, NodeRuntime node, TimeProvider time, CancellationToken cancellationToken)
    {
        var link = await node.Store.FindLinkAsync(linkId.ToString("D"), cancellationToken).ConfigureAwait(false);
        if (link is null
            || !PeerRequestSignature.Verify(link.PeerSigningKey, linkId, path, http.Request.Headers[PeerRequestSignature.HeaderName], time.GetUtcNow(), s_window))
        {
            // One answer for both: a stranger learns nothing about which links exist.
            return Results.Problem(statusCode: 403, title: "Forbidden", detail: "Only the linked peer may read this transcript, with a fresh signature by its node key.");
        }

        if (path == "checkpoint")
        {
            var receipt = await node.Store.GetLatestReceiptAsync(linkId, LogDirection.Outbound, cancellationToken).ConfigureAwait(false);
            return receipt is null ? Results.NotFound() : Results.Text(EvidenceExporter.CosignedNote(receipt), "text/plain; charset=utf-8");
        }

        // Tiles cover everything sequenced, receipted or not: the peer checks them against the checkpoints we signed.
        var size = (await node.Store.LoadFrontierAsync(linkId, LogDirection.Outbound, cancellationToken).ConfigureAwait(false)).Size;

        if (!TilePath.TryParse(path, out var tile, out var isEntryBundle, out _) || !TileLayout.For(size).Contains(tile))
        {
            return Results.NotFound();
        }

        var leavesPerHash = 1L << (8 * tile.Level);
        var start = tile.Index * Tile.FullWidth * leavesPerHash;
        var end = start + (tile.Width * leavesPerHash);
        if (isEntryBundle)
        {
            var entries = await node.Store.GetEntriesAsync(linkId, LogDirection.Outbound, start, end, cancellationToken).ConfigureAwait(false);
            return Results.Bytes(EntryBundle.Encode([.. entries.Select(e => e.Entry)]), "application/octet-stream");
        }

        var leaves = await node.Store.GetLeafHashesAsync(linkId, LogDirection.Outbound, start, end, cancellationToken).ConfigureAwait(false);
        var data = new byte[tile.DataLength];
        for (var i = 0; i < tile.Width; i++)
        {
            var from = (int)(i * leavesPerHash);
            var hash = leavesPerHash == 1 ? leaves[from] : MerkleProofs.SubtreeRoot(leaves, from, from + leavesPerHash);
            hash.CopyTo(data, i * MerkleHash.Size);
        }

        return Results.Bytes(data, "application/octet-stream");
    }
}
