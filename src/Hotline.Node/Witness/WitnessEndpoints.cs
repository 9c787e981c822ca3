using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hotline.Node.Witness;

/// <summary>
/// The witness's HTTP interface (C2SP tlog-witness v1.0.0, submission prefix = the root): <c>POST /add-checkpoint</c>,
/// plain-text bodies both ways, no authentication beyond the log's signature on the checkpoint.
/// </summary>
public static class WitnessEndpoints
{
    public static IEndpointRouteBuilder MapWitnessApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapPost("/add-checkpoint", AddCheckpointAsync);
        return app;
    }

    private static async Task<ContentHttpResult> AddCheckpointAsync(HttpRequest request, CheckpointWitness witness, CancellationToken cancellationToken)
    {
        // Kestrel bounds the body (WitnessHost.MaxRequestBodyBytes); the parser decodes it as strict UTF-8.
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        var answer = await witness.AddCheckpointAsync(body.GetBuffer().AsMemory(0, (int)body.Length), cancellationToken).ConfigureAwait(false);
        return TypedResults.Text(answer.Body, answer.ContentType, statusCode: answer.StatusCode);
    }
}
