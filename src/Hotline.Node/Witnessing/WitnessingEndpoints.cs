using Hotline.Node.Api;
using Hotline.Protocol.Notes;
using Hotline.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hotline.Node.Witnessing;

/// <summary>Operator API (under /api/v1, operator token) for witnessing: how a link's transcript is witnessed.</summary>
public static class WitnessingEndpoints
{
    public static RouteGroupBuilder MapWitnessingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Witnesses");
        group.MapGet("/links/{link}/witnesses", WitnessesAsync);
        return group;
    }

    private static async Task<Results<Ok<LinkWitnessesDto>, ProblemHttpResult>> WitnessesAsync(
        string link, NodeRuntime node, CheckpointWitnessing witnessing, CancellationToken cancellationToken)
    {
        var found = await node.Store.FindLinkAsync(link, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return OperatorEndpoints.UnknownLink(link);
        }

        var receipt = (await node.Store.GetLatestReceiptAsync(found.Id, LogDirection.Outbound, cancellationToken).ConfigureAwait(false))?.Size ?? 0;
        var latest = await node.Store.GetLatestWitnessCosignaturesAsync(found.Id, LogDirection.Outbound, cancellationToken).ConfigureAwait(false);
        var onReceipt = receipt == 0 ? []
            : await node.Store.GetWitnessCosignaturesAsync(found.Id, LogDirection.Outbound, receipt, cancellationToken).ConfigureAwait(false);
        var progress = witnessing.ProgressOf(found.Id);
        var witnesses = witnessing.Witnesses.Select((w, i) =>
        {
            var last = latest.FirstOrDefault(c => string.Equals(c.Witness, w.Name, StringComparison.Ordinal));
            return new LinkWitnessDto(w.Name, w.Url, last?.Size ?? 0, last?.StoredAt, last?.Cosignature,
                onReceipt.Any(c => string.Equals(c.Witness, w.Name, StringComparison.Ordinal)), progress[i].FailedAttempts, progress[i].LastError);
        }).ToList();
        var count = witnesses.Count(w => w.CosignsReceipt);
        var origin = node.OutboundOrigin(found.Id);
        return TypedResults.Ok(new LinkWitnessesDto(found.Id.ToString("D"), origin,
            new NoteKey(origin, NoteKey.Ed25519Type, node.SigningKey.PublicKey).ToVerifierKey(), witnessing.Quorum, receipt, count,
            witnessing.Quorum > 0 && count >= witnessing.Quorum, witnesses));
    }
}
