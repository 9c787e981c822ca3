using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Hotline.Node.Federation;
using Hotline.Protocol;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Pairing;
using Hotline.Protocol.Transcript;

namespace Hotline.Node.Tests;

/// <summary>
/// A peer node played by the test (the PgPostmasterMock idea): its own keys and name, its own transcript of the link,
/// and only HTTP to reach the node under test — the way a real peer would. It is not a server: it advertises an
/// endpoint where nothing listens, so the node can never deliver to it. Intent methods do what an honest peer does;
/// the lower-level builders let a test bend one thing at a time (another link, another key, a wrong root).
/// </summary>
internal sealed class FakePeer : IDisposable
{
    /// <summary>Port 1 on loopback: nothing listens there, so connecting fails at once.</summary>
    public const string UnreachableEndpoint = "http://127.0.0.1:1/";

    private readonly HttpClient _http;
    private readonly List<byte[]> _transcript = [];
    private Invitation? _invitation;

    public FakePeer(HttpClient http, string? name = null)
    {
        _http = http;
        Name = name ?? "peer-" + Guid.NewGuid().ToString("N")[..12];
        SigningKey = NodeSigningKey.FromSeed(RandomNumberGenerator.GetBytes(32));
        AgreementKey = NodeAgreementKey.FromPrivateKey(RandomNumberGenerator.GetBytes(32));
    }

    public string Name { get; }

    public NodeSigningKey SigningKey { get; }

    public NodeAgreementKey AgreementKey { get; }

    /// <summary>The invitation this peer paired with: the node's keys and name as the node signed them.</summary>
    public Invitation Invitation => _invitation ?? throw new InvalidOperationException("The fake peer has not paired yet.");

    public Guid LinkId { get; private set; }

    /// <summary>This peer's transcript origin and log key name on its link.</summary>
    public string Origin => TranscriptNames.Origin(LinkId, Name);

    /// <summary>How many entries of this peer's transcript the node has receipted.</summary>
    public long Receipted { get; private set; }

    public IReadOnlyList<byte[]> Transcript => _transcript;

    // ---- pairing --------------------------------------------------------------------------------------------------

    /// <summary>Pairs for real with an invitation token from the node; checks the node's signed answer and pins its keys.</summary>
    public async Task<PairResponse> PairAsync(string token, CancellationToken cancellationToken)
    {
        var invitation = ParseInvitation(token);
        using var response = await PostPairAsync(PairRequest(invitation), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"pairing answered {(int)response.StatusCode}: {body}");
        var answer = System.Text.Json.JsonSerializer.Deserialize(body, FederationJsonContext.Default.PairResponse)!;
        Assert.True(VerifiesPairAnswer(invitation, answer), "the node's pairing answer is not signed by the key in its invitation");
        Assert.Equal(invitation.Name, answer.Name);
        Assert.Equal(SafetyNumber.Compute(SigningKey.PublicKey, AgreementKey.PublicKey, invitation.SigningKey, invitation.AgreementKey), answer.SafetyNumber);
        _invitation = invitation;
        LinkId = answer.LinkId;
        return answer;
    }

    public static Invitation ParseInvitation(string token)
    {
        Assert.True(Invitation.TryParse(token, out var invitation, out var error), $"the node issued an invitation that does not parse: {error}");
        return invitation;
    }

    /// <summary>The request an honest peer sends for <paramref name="invitation"/>; each argument bends one field.</summary>
    public PairRequest PairRequest(Invitation invitation, NodeSigningKey? signer = null, byte[]? issuerKey = null, byte[]? secret = null, Guid? invitationId = null, string? name = null)
    {
        var id = invitationId ?? invitation.Id;
        var peerName = name ?? Name;
        return new PairRequest(
            id,
            Convert.ToBase64String(issuerKey ?? invitation.SigningKey),
            Convert.ToBase64String(secret ?? invitation.Secret),
            peerName,
            Convert.ToBase64String(SigningKey.PublicKey),
            Convert.ToBase64String(AgreementKey.PublicKey),
            [UnreachableEndpoint],
            Convert.ToBase64String(PairingProof.SignRequest(signer ?? SigningKey, id, AgreementKey.PublicKey, peerName)));
    }

    public Task<HttpResponseMessage> PostPairAsync(PairRequest request, CancellationToken cancellationToken)
        => _http.PostAsJsonAsync("/federation/v1/pair", request, FederationJsonContext.Default.PairRequest, cancellationToken);

    public bool VerifiesPairAnswer(Invitation invitation, PairResponse answer)
    {
        var signature = Convert.FromBase64String(answer.Signature);
        return NodeSigningKey.Verify(invitation.SigningKey, PairingProof.AcceptMessage(invitation.Id, answer.LinkId, SigningKey.PublicKey), signature);
    }

    /// <summary>An invitation token issued and signed by this peer (as if it were the inviting node).</summary>
    public string IssueInvitation(DateTimeOffset expiresAt, string endpoint = UnreachableEndpoint)
        => new Invitation(Guid.NewGuid(), RandomNumberGenerator.GetBytes(32), expiresAt, SigningKey.PublicKey, AgreementKey.PublicKey, Name, [endpoint])
            .ToToken(SigningKey);

    // ---- envelopes ------------------------------------------------------------------------------------------------

    /// <summary>
    /// A real envelope on this peer's link, its body sealed to the node's X25519 key (slot 0) and to this peer's own key
    /// (slot 1). <paramref name="linkId"/> and <paramref name="sender"/> bend the header for refusal tests.
    /// </summary>
    public byte[] BuildEnvelope(long sequence, string body, Guid? linkId = null, byte[]? sender = null, Precedence precedence = Precedence.Routine, string from = "", string to = "")
        => BuildEnvelope(sequence, Encoding.UTF8.GetBytes(body), linkId, sender, precedence, from, to);

    public byte[] BuildEnvelope(long sequence, byte[] body, Guid? linkId = null, byte[]? sender = null, Precedence precedence = Precedence.Routine, string from = "", string to = "",
        EnvelopeType type = EnvelopeType.Message, Guid? envelopeId = null)
    {
        var link = linkId ?? LinkId;
        var senderKey = sender ?? SigningKey.PublicKey;
        var id = envelopeId ?? Guid.NewGuid();
        var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var aad = Envelope.AssociatedData(link, id, precedence, type, createdAt, senderKey, from, to);
        var sealer = new BodySealer(RandomNumberGenerator.GetBytes(32), Invitation.AgreementKey, AgreementKey.PublicKey);
        var sealedBody = sealer.Seal(Envelope.GuidBytes(id), RandomNumberGenerator.GetBytes(32), aad, body);
        return new Envelope(link, id, sequence, precedence, type, createdAt, senderKey, from, to, sealedBody).Encode();
    }

    /// <summary>Appends a typed envelope (a hotline record) with this JSON body to this peer's transcript (not sent yet).</summary>
    public byte[] AppendRecord(EnvelopeType type, byte[] body, Precedence precedence = Precedence.Routine, Guid? envelopeId = null)
    {
        var entry = BuildEnvelope(_transcript.Count, body, precedence: precedence, type: type, envelopeId: envelopeId);
        _transcript.Add(entry);
        return entry;
    }

    /// <summary>Appends an envelope carrying <paramref name="body"/> to this peer's transcript (not sent yet).</summary>
    public byte[] Append(string body)
    {
        var entry = BuildEnvelope(_transcript.Count, body);
        _transcript.Add(entry);
        return entry;
    }

    // ---- checkpoints ----------------------------------------------------------------------------------------------

    /// <summary>A signed checkpoint note (C2SP tlog-checkpoint in a signed note) over a root of <paramref name="size"/>.</summary>
    public string SignCheckpoint(long size, byte[] root, string? origin = null, NodeSigningKey? signer = null)
    {
        var name = origin ?? Origin;
        var text = new Checkpoint(name, size, root).ToText();
        return new SignedNote(text, [SignedNote.SignEd25519(text, name, signer ?? SigningKey)]).Format();
    }

    /// <summary>The RFC 6962 root over <paramref name="entries"/>.</summary>
    public static byte[] RootOf(IEnumerable<byte[]> entries)
    {
        var frontier = MerkleFrontier.Empty();
        foreach (var entry in entries)
        {
            frontier.Append(MerkleHash.Leaf(entry));
        }

        return frontier.Root();
    }

    /// <summary>Entries [start, end) of this peer's transcript with the signed checkpoint of size <paramref name="end"/>.</summary>
    public BatchRequest Batch(long start, long end)
    {
        var entries = _transcript.Take((int)end).ToList();
        return new BatchRequest(start, entries.Skip((int)start).Select(Convert.ToBase64String).ToList(), SignCheckpoint(end, RootOf(entries)));
    }

    /// <summary>
    /// <paramref name="entries"/> claimed to sit at <paramref name="start"/>, with a checkpoint this peer signs over its
    /// transcript before <paramref name="start"/> followed by them: a batch that is honest except for what the entries say.
    /// </summary>
    public BatchRequest BatchOf(long start, params byte[][] entries)
    {
        var all = _transcript.Take((int)start).Concat(entries).ToList();
        return new BatchRequest(start, entries.Select(Convert.ToBase64String).ToList(), SignCheckpoint(all.Count, RootOf(all)));
    }

    // ---- sending --------------------------------------------------------------------------------------------------

    public Task<HttpResponseMessage> SendBatchAsync(BatchRequest batch, CancellationToken cancellationToken, Guid? linkId = null)
        => _http.PostAsJsonAsync($"/federation/v1/links/{linkId ?? LinkId:D}/batches", batch, FederationJsonContext.Default.BatchRequest, cancellationToken);

    /// <summary>Posts raw text as the JSON body of a batch (for transport-level garbage).</summary>
    public Task<HttpResponseMessage> SendRawBatchAsync(string json, CancellationToken cancellationToken)
        => _http.PostAsync($"/federation/v1/links/{LinkId:D}/batches", new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    /// <summary>Appends one envelope per body, sends everything not yet receipted, and checks the receipt.</summary>
    public async Task<(BatchRequest Batch, ReceiptResponse Receipt)> SendAsync(CancellationToken cancellationToken, params string[] bodies)
    {
        foreach (var body in bodies)
        {
            Append(body);
        }

        var batch = Batch(Receipted, _transcript.Count);
        using var response = await SendBatchAsync(batch, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"the batch was answered {(int)response.StatusCode}: {text}");
        var receipt = System.Text.Json.JsonSerializer.Deserialize(text, FederationJsonContext.Default.ReceiptResponse)!;
        Assert.True(VerifiesReceipt(batch, receipt), $"the receipt does not verify: {receipt}");
        Receipted = _transcript.Count;
        return (batch, receipt);
    }

    /// <summary>
    /// What a sender checks of a receipt: it names the checkpoint's size and is a C2SP tlog-cosignature (type 0x04) by the
    /// node's pinned key under <c>hotline/node/&lt;node name&gt;</c> on exactly the checkpoint text this peer signed.
    /// </summary>
    public bool VerifiesReceipt(BatchRequest batch, ReceiptResponse receipt)
    {
        if (!SignedNote.TryParse(batch.Checkpoint, out var note, out _) || !Checkpoint.TryParse(note.Text, out var checkpoint, out _)
            || receipt.Size != checkpoint.Size || !receipt.Cosignature.EndsWith('\n')
            || !SignedNote.TryParseSignatureLine(receipt.Cosignature[..^1], out var signature, out _))
        {
            return false;
        }

        var key = new NoteKey(TranscriptNames.CosignerName(Invitation.Name), NoteKey.CosignatureV1Type, Invitation.SigningKey);
        return Cosignature.Verify(note.Text, signature, key, out var timestamp)
            && Math.Abs((long)timestamp - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) < 600;
    }

    public void Dispose()
    {
        SigningKey.Dispose();
        AgreementKey.Dispose();
    }
}
