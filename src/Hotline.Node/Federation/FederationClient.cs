using System.Net;
using System.Net.Http.Json;
using Hotline.Storage;

namespace Hotline.Node.Federation;

/// <summary>What the peer answered to a batch.</summary>
public abstract record BatchAnswer
{
    public sealed record Receipt(ReceiptResponse Response) : BatchAnswer;

    public sealed record Gap(long ExpectedSize) : BatchAnswer;

    public sealed record Refused(string Reason, string Detail) : BatchAnswer;
}

/// <summary>
/// Calls to a linked peer's /federation/v1 endpoints over a typed HttpClient (no redirects; see AddHotlineNode).
/// Tries the peer's endpoints in the order it advertised them. Network failures surface as
/// <see cref="HttpRequestException"/> for the relay's backoff.
/// </summary>
public sealed class FederationClient(HttpClient http)
{
    public async Task<LinkStateResponse> ProbeAsync(LinkRecord link, CancellationToken cancellationToken)
        => await OnAnyEndpointAsync(link.PeerEndpoints, async endpoint =>
        {
            using var response = await http.GetAsync(new Uri(new Uri(endpoint), $"federation/v1/links/{link.Id:D}/state"), cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            return await response.Content.ReadFromJsonAsync(FederationJsonContext.Default.LinkStateResponse, cancellationToken).ConfigureAwait(false)
                ?? throw new HttpRequestException("The peer answered the probe with an empty body.");
        }).ConfigureAwait(false);

    public async Task<BatchAnswer> SendBatchAsync(LinkRecord link, BatchRequest batch, CancellationToken cancellationToken)
        => await OnAnyEndpointAsync(link.PeerEndpoints, async endpoint =>
        {
            using var response = await http.PostAsJsonAsync(new Uri(new Uri(endpoint), $"federation/v1/links/{link.Id:D}/batches"), batch, FederationJsonContext.Default.BatchRequest, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var receipt = await response.Content.ReadFromJsonAsync(FederationJsonContext.Default.ReceiptResponse, cancellationToken).ConfigureAwait(false)
                    ?? throw new HttpRequestException("The peer answered the batch with an empty body.");
                return (BatchAnswer)new BatchAnswer.Receipt(receipt);
            }

            var problem = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
            return response.StatusCode switch
            {
                HttpStatusCode.Conflict when problem?.ExpectedSize is { } expected => new BatchAnswer.Gap(expected),
                HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotFound or HttpStatusCode.RequestEntityTooLarge
                    => new BatchAnswer.Refused(problem?.Reason ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), problem?.Detail ?? response.ReasonPhrase ?? ""),
                _ => throw new HttpRequestException($"The peer answered {(int)response.StatusCode} {response.ReasonPhrase}."),
            };
        }).ConfigureAwait(false);

    /// <summary>Reads one file of the peer's served transcript of this link (tlog-tiles), signed with our key; null when
    /// the peer has no such file.</summary>
    public async Task<byte[]?> ReadLogAsync(LinkRecord link, string path, Protocol.Crypto.NodeSigningKey key, DateTimeOffset now, CancellationToken cancellationToken)
        => await OnAnyEndpointAsync(link.PeerEndpoints, async endpoint =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(endpoint), $"federation/v1/links/{link.Id:D}/log/{path}"));
            request.Headers.Add(Protocol.Crypto.PeerRequestSignature.HeaderName, Protocol.Crypto.PeerRequestSignature.Sign(key, link.Id, path, now.ToUnixTimeSeconds()));
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

    public async Task<PairResponse> PairAsync(IReadOnlyList<string> endpoints, PairRequest request, CancellationToken cancellationToken)
        => await OnAnyEndpointAsync(endpoints, async endpoint =>
        {
            using var response = await http.PostAsJsonAsync(new Uri(new Uri(endpoint), "federation/v1/pair"), request, FederationJsonContext.Default.PairRequest, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var problem = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
                throw new PairingException(problem?.Detail ?? $"the inviting node answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            return await response.Content.ReadFromJsonAsync(FederationJsonContext.Default.PairResponse, cancellationToken).ConfigureAwait(false)
                ?? throw new PairingException("the inviting node answered with an empty body");
        }).ConfigureAwait(false);

    private static async Task<T> OnAnyEndpointAsync<T>(IReadOnlyList<string> endpoints, Func<string, Task<T>> call)
    {
        HttpRequestException? last = null;
        foreach (var endpoint in endpoints)
        {
            try
            {
                return await call(endpoint.EndsWith('/') ? endpoint : endpoint + "/").ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                last = ex;
            }
        }

        throw last ?? new HttpRequestException("The peer advertised no endpoint.");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var problem = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"The peer answered {(int)response.StatusCode}: {problem?.Detail ?? response.ReasonPhrase}");
        }
    }

    private static async Task<FederationProblem?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(FederationJsonContext.Default.FederationProblem, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}

/// <summary>Pairing could not complete; the message says why, for the operator.</summary>
public sealed class PairingException(string message) : Exception(message)
{
    public PairingException() : this("Pairing failed.")
    {
    }

    public PairingException(string message, Exception inner) : this(message + ": " + inner.Message)
    {
    }
}
