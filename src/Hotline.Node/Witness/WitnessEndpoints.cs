using System.Text;
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
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEndpointRouteBuilder MapWitnessApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapPost("/add-checkpoint", AddCheckpointAsync);
        return app;
    }

    private static async Task<ContentHttpResult> AddCheckpointAsync(HttpRequest request, CheckpointWitness witness, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            using var reader = new StreamReader(request.Body, s_strictUtf8);
            body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DecoderFallbackException)
        {
            return TypedResults.Text("the body is not UTF-8\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }

        var answer = await witness.AddCheckpointAsync(body, cancellationToken).ConfigureAwait(false);
        return TypedResults.Text(answer.Body, answer.StatusCode == StatusCodes.Status409Conflict ? WitnessAnswer.SizeContentType : "text/plain; charset=utf-8",
            statusCode: answer.StatusCode);
    }
}
