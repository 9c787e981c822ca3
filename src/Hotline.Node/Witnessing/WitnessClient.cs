using System.Net;
using System.Text;
using Hotline.Protocol.Witness;

namespace Hotline.Node.Witnessing;

/// <summary>What a witness answered to add-checkpoint (C2SP tlog-witness v1.0.0).</summary>
public abstract record AddCheckpointResult
{
    /// <summary>200: the witness's cosignature lines.</summary>
    public sealed record Cosigned(string Lines) : AddCheckpointResult;

    /// <summary>409: the old size was not the witness's latest; this is.</summary>
    public sealed record Conflict(long WitnessSize) : AddCheckpointResult;

    /// <summary>400, 403, 404, 422 or anything unexpected: refused, with the witness's text.</summary>
    public sealed record Refused(int Status, string Detail) : AddCheckpointResult;
}

/// <summary>POSTs add-checkpoint requests to witnesses (no redirects, short timeouts; see <see cref="WitnessingServices"/>).
/// Network failures surface as <see cref="HttpRequestException"/> or a timeout's <see cref="TaskCanceledException"/>.</summary>
public sealed class WitnessClient(HttpClient http)
{
    public async Task<AddCheckpointResult> AddCheckpointAsync(string witnessUrl, string body, CancellationToken cancellationToken)
    {
        var url = new Uri(new Uri(witnessUrl.EndsWith('/') ? witnessUrl : witnessUrl + "/"), "add-checkpoint");
        using var content = new StringContent(body, new UTF8Encoding(false), "text/plain");
        using var response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return new AddCheckpointResult.Cosigned(text);
        }

        if (response.StatusCode == HttpStatusCode.Conflict && AddCheckpointResponse.TryParseSize(text, out var size, out _))
        {
            return new AddCheckpointResult.Conflict(size);
        }

        if ((int)response.StatusCode >= 500)
        {
            throw new HttpRequestException($"The witness answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        // At most a line of the witness's text: it goes into logs and the operator API.
        var detail = text.Split('\n')[0];
        return new AddCheckpointResult.Refused((int)response.StatusCode, detail.Length > 200 ? detail[..200] : detail);
    }
}
