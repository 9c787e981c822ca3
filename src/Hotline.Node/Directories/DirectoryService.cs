using System.Text.Json;
using Hotline.Domain.Directory;
using Hotline.Domain.Wire;
using Hotline.Node.Api;
using Hotline.Node.Records;
using Hotline.Protocol;
using Hotline.Protocol.Envelopes;
using Hotline.Storage;
using Microsoft.Extensions.Logging;

namespace Hotline.Node.Directories;

/// <summary>Why a directory import or lookup was refused.</summary>
public sealed class DirectoryException(string message, string reason = "InvalidDirectory") : Exception(message)
{
    public DirectoryException() : this("The directory was refused.")
    {
    }

    public DirectoryException(string message, Exception inner) : this(message + " " + inner.Message)
    {
    }

    public string Reason { get; } = reason;
}

/// <summary>The peer's directory as last received on a link, with the counterparts it declares.</summary>
public sealed record PeerDirectory(PartyDirectory Directory, IReadOnlyList<CounterpartBody> Counterparts, DateTimeOffset ReceivedAt);

/// <summary>
/// Our party's directory (imported from a file or through the API, versioned) and the peers' (received as
/// <see cref="EnvelopeType.Directory"/> envelopes). Every change is shared with each linked peer as a new version, and a
/// link that has not yet received the current version gets it (after pairing, after a restart).
/// </summary>
public sealed class DirectoryService(NodeRuntime node, RecordSubmission submission, TimeProvider time, ILogger<DirectoryService> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    public async Task<DirectoryDocumentDto?> GetOwnDocumentAsync(CancellationToken cancellationToken)
        => await node.Store.GetOwnDirectoryAsync(cancellationToken).ConfigureAwait(false) is { } stored
            ? JsonSerializer.Deserialize(stored.Document, OperatorJsonContext.Default.DirectoryDocumentDto)! with { Version = stored.Version }
            : null;

    public async Task<PartyDirectory?> GetOwnAsync(CancellationToken cancellationToken)
        => await GetOwnDocumentAsync(cancellationToken).ConfigureAwait(false) is { } document ? ToDirectory(document, document.Version ?? 1) : null;

    /// <summary>Validates and stores a new version (unless nothing changed), then shares it on every link.</summary>
    public async Task<DirectoryImportDto> ImportAsync(DirectoryDocumentDto document, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await GetOwnDocumentAsync(cancellationToken).ConfigureAwait(false);
            var version = (current?.Version ?? 0) + 1;
            var normalized = document with { Version = null, Counterparts = document.Counterparts ?? [] };
            var directory = ToDirectory(normalized, version);
            var ids = directory.Positions.Select(p => p.Id.Value).ToHashSet(StringComparer.Ordinal);
            foreach (var rule in normalized.Counterparts!)
            {
                if (string.IsNullOrWhiteSpace(rule.Link) || !ids.Contains(rule.For ?? "") || !DirectoryValidation.IsValidId(rule.Counterpart))
                {
                    throw new DirectoryException($"Counterpart rule (link '{rule.Link}', for '{rule.For}', counterpart '{rule.Counterpart}') must name a link, one of our positions and a position id.");
                }
            }

            var encoded = WireCodec.Encode(directory, normalized.Counterparts!.Select(r => new CounterpartBody { For = r.For, Counterpart = r.Counterpart })).Length;
            if (encoded > Envelope.MaxBodyWithoutAddresses)
            {
                throw new DirectoryException($"The directory is {encoded} bytes as a record; one envelope carries at most {Envelope.MaxBodyWithoutAddresses}.");
            }

            var changed = current is null || !SameContent(current with { Version = null, Counterparts = current.Counterparts ?? [] }, normalized);
            if (changed)
            {
                await node.Store.SaveOwnDirectoryAsync(
                    new OwnDirectory(version, JsonSerializer.SerializeToUtf8Bytes(normalized, OperatorJsonContext.Default.DirectoryDocumentDto), time.GetUtcNow(), actor),
                    cancellationToken).ConfigureAwait(false);
            }

            var shared = await ShareAllAsync(cancellationToken).ConfigureAwait(false);
            var result = new DirectoryImportDto(changed ? version : current!.Version ?? 1, changed, shared);
            Log.DirectoryImported(logger, result.Version, actor, shared);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends the current version to every link that has not had it; returns how many got it.</summary>
    public async Task<int> ShareAllAsync(CancellationToken cancellationToken)
    {
        var document = await GetOwnDocumentAsync(cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return 0;
        }

        var sent = await node.Store.GetRecordsAsync(null, [(ushort)EnvelopeType.Directory], cancellationToken).ConfigureAwait(false);
        var shared = 0;
        foreach (var link in await node.Store.GetLinksAsync(cancellationToken).ConfigureAwait(false))
        {
            var latest = sent.Where(r => r.Record.LinkId == link.Id && r.Record.Direction == LogDirection.Outbound)
                .Select(r => WireCodec.TryDecodeDirectory(r.Record.Body, out var d, out _, out _) ? d.Version : 0)
                .DefaultIfEmpty(0).Max();
            if (latest >= document.Version)
            {
                continue;
            }

            var directory = ToDirectory(document, document.Version ?? 1);
            var rules = (document.Counterparts ?? [])
                .Where(r => r.Link == link.PeerName || r.Link == link.Id.ToString("D"))
                .Select(r => new CounterpartBody { For = r.For, Counterpart = r.Counterpart });
            var now = time.GetUtcNow();
            await submission.SubmitAsync(link, EnvelopeType.Directory, Precedence.Routine, Guid.CreateVersion7(now), WireCodec.Utc(now), "", "", null,
                WireCodec.Encode(directory, rules), cancellationToken).ConfigureAwait(false);
            shared++;
        }

        return shared;
    }

    /// <summary>The highest version the peer has sent on a link, if any.</summary>
    public async Task<PeerDirectory?> GetPeerAsync(Guid linkId, CancellationToken cancellationToken)
    {
        PeerDirectory? best = null;
        foreach (var r in await node.Store.GetRecordsAsync(linkId, [(ushort)EnvelopeType.Directory], cancellationToken).ConfigureAwait(false))
        {
            if (r.Record.Direction == LogDirection.Inbound && WireCodec.TryDecodeDirectory(r.Record.Body, out var directory, out var counterparts, out _)
                && (best is null || directory.Version > best.Directory.Version))
            {
                best = new PeerDirectory(directory, counterparts, r.Record.CreatedAt);
            }
        }

        return best;
    }

    public static PositionDto ToDto(Position p) => new(p.Id.Value, p.Title, p.Level, p.Authority.ToName(), p.Languages, p.Principal, p.Staff);

    private static PartyDirectory ToDirectory(DirectoryDocumentDto document, long version)
    {
        var body = new DirectoryBody
        {
            Party = document.Party,
            Version = version,
            Positions = [.. (document.Positions ?? []).Select(p => new PositionBody
            {
                Id = p.Id, Title = p.Title, Level = p.Level, Authority = p.Authority, Languages = p.Languages ?? [], Principal = p.Principal, Staff = p.Staff ?? [],
            })],
        };
        return WireCodec.TryDecodeDirectory(body, out var directory, out var error) ? directory : throw new DirectoryException(error);
    }

    private static bool SameContent(DirectoryDocumentDto a, DirectoryDocumentDto b)
        => JsonSerializer.Serialize(a, OperatorJsonContext.Default.DirectoryDocumentDto) == JsonSerializer.Serialize(b, OperatorJsonContext.Default.DirectoryDocumentDto);
}
