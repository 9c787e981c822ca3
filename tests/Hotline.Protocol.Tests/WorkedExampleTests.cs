using System.Text;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Pairing;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests;

/// <summary>
/// Hotline's own fixed-input vectors (tests/vectors/hotline/): a change of any byte format fails here first.
/// The same values appear in docs/protocol.md, and a test checks that the document quotes them correctly.
/// </summary>
public sealed class WorkedExampleTests
{
    private static readonly Lazy<WorkedExample> s_example = new(() =>
    {
        var example = WorkedExample.Compute();
        WorkedExample.WriteIfRequested(example);
        return example;
    });

    private static IReadOnlyDictionary<string, string> Committed => Vectors.Record(WorkedExample.File, "worked example");

    [Fact]
    public void EveryValue_IsTheCommittedOne()
    {
        var computed = s_example.Value;
        var committed = Committed;
        Assert.Equal(committed.Keys.Order(StringComparer.Ordinal), computed.Values.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in computed.Lines)
        {
            Assert.True(committed[key] == value, $"{key}: computed {value}, committed {committed[key]}");
        }
    }

    [Fact]
    public void Notes_AreTheCommittedOnesByteForByte()
    {
        Assert.Equal(Vectors.ReadBytes(WorkedExample.CheckpointFile), Encoding.UTF8.GetBytes(s_example.Value.CheckpointNote));
        Assert.Equal(Vectors.ReadBytes(WorkedExample.CosignedFile), Encoding.UTF8.GetBytes(s_example.Value.CosignedNote));
    }

    [Fact]
    public void CommittedEnvelope_DecodesOpensAndChecksAsABatch()
    {
        var v = Committed;
        Assert.True(Envelope.TryDecode(Convert.FromHexString(v["envelope"]), out var envelope, out var error), error);
        Assert.Equal(Guid.Parse(v["link.id"]), envelope.LinkId);
        Assert.Equal(v["envelope.from"], envelope.From);
        Assert.Equal(Precedence.Flash, envelope.Precedence);

        using var bravo = NodeAgreementKey.FromPrivateKey(Convert.FromHexString(v["bravo.agreement.private"]));
        Assert.True(new BodyOpener(bravo).TryOpen(envelope.SealedBody, BodySeal.PeerSlot, Envelope.GuidBytes(envelope.EnvelopeId), envelope.AssociatedData(), out var plaintext));
        Assert.Equal(v["body.plaintext"], Convert.ToHexStringLower(plaintext));

        Assert.True(NoteKey.TryParseVerifierKey(v["log.vkey"], out var logKey, out _));
        var decision = BatchCheck.Decide(envelope.LinkId, v["checkpoint.origin"], logKey, MerkleFrontier.Empty(), 0, [Convert.FromHexString(v["envelope"])], Vectors.ReadText(WorkedExample.CheckpointFile), []);
        Assert.IsType<BatchDecision.Append>(decision);
    }

    [Fact]
    public void CommittedReceipt_VerifiesWithBravosCosignerKey()
    {
        var v = Committed;
        Assert.True(NoteKey.TryParseVerifierKey(v["cosigner.vkey"], out var cosignerKey, out _));
        Assert.True(SignedNote.TryParse(Vectors.ReadText(WorkedExample.CosignedFile), out var note, out var error), error);
        var cosignature = note.Signatures.Single(s => s.KeyName == v["cosigner.name"]);
        Assert.True(Cosignature.Verify(note.Text, cosignature, cosignerKey, out var time));
        Assert.Equal(v["cosignature.time"], time.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void CommittedInvitation_ParsesWithItsFields()
    {
        var v = Committed;
        Assert.True(Invitation.TryParse(v["invitation.token"], out var invitation, out var error), error);
        Assert.Equal(Guid.Parse(v["invitation.id"]), invitation.Id);
        Assert.Equal(v["alpha.signing.public"], Convert.ToHexStringLower(invitation.SigningKey));
        Assert.Equal(v["alpha.agreement.public"], Convert.ToHexStringLower(invitation.AgreementKey));
        Assert.Equal(v["invitation.endpoints"], string.Join(' ', invitation.Endpoints));
        Assert.True(NodeSigningKey.Verify(Convert.FromHexString(v["bravo.signing.public"]), Convert.FromHexString(v["pairing.request.message"]), Convert.FromHexString(v["pairing.request.signature"])));
        Assert.True(NodeSigningKey.Verify(Convert.FromHexString(v["alpha.signing.public"]), Convert.FromHexString(v["pairing.accept.message"]), Convert.FromHexString(v["pairing.accept.signature"])));
    }

    [Fact]
    public void ProtocolDocument_QuotesTheWorkedExampleExactly()
    {
        // Every "key value" line between the worked-example markers of docs/protocol.md must be a committed value.
        var document = File.ReadAllText(Path.Combine(Vectors.RepositoryRoot, "docs", "protocol.md"));
        const string Begin = "<!-- worked-example:begin -->";
        const string End = "<!-- worked-example:end -->";
        var quoted = 0;
        for (var start = document.IndexOf(Begin, StringComparison.Ordinal); start >= 0; start = document.IndexOf(Begin, start + 1, StringComparison.Ordinal))
        {
            var end = document.IndexOf(End, start, StringComparison.Ordinal);
            Assert.True(end > start, "unterminated worked-example block");
            foreach (var line in document[(start + Begin.Length)..end].Split('\n').Where(l => l.Length > 0 && !l.StartsWith("```", StringComparison.Ordinal)))
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                var key = line[..space];
                Assert.True(Committed.ContainsKey(key), $"docs/protocol.md quotes unknown value '{key}'");
                Assert.Equal(Committed[key], line[(space + 1)..]);
                quoted++;
            }
        }

        Assert.True(quoted >= 10, $"docs/protocol.md quotes only {quoted} worked-example values");
    }
}
