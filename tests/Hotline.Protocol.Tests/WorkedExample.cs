using System.Globalization;
using System.Text;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Pairing;
using Hotline.Protocol.Transcript;
using NSec.Cryptography;

namespace Hotline.Protocol.Tests;

/// <summary>
/// The worked example of docs/protocol.md: two nodes, alpha and bravo, with fixed keys; alpha sends one FLASH
/// envelope, signs the checkpoint of its transcript, and bravo answers with a receipt (a cosignature). Every value is
/// computed twice, by Hotline.Protocol and independently from the document's recipe with NSec primitives, and the
/// result is committed in tests/vectors/hotline/ so that any change of a byte format is noticed.
/// Set HOTLINE_WRITE_VECTORS=1 to rewrite the files after an intended format change.
/// </summary>
internal sealed class WorkedExample
{
    public const string File = "hotline/worked-example.txt";
    public const string CheckpointFile = "hotline/checkpoint.note";
    public const string CosignedFile = "hotline/cosigned-checkpoint.note";

    private WorkedExample()
    {
    }

    /// <summary>Name → value, in the order they are written to the file.</summary>
    public List<KeyValuePair<string, string>> Lines { get; } = [];

    public Dictionary<string, string> Values => Lines.ToDictionary(l => l.Key, l => l.Value);

    public string CheckpointNote { get; private set; } = "";

    public string CosignedNote { get; private set; } = "";

    private void Add(string key, string value) => Lines.Add(new(key, value));

    private void Add(string key, byte[] value) => Add(key, value.Length == 0 ? "-" : Convert.ToHexStringLower(value));

    private static byte[] Sequence(int first) => Enumerable.Range(first, 32).Select(i => (byte)i).ToArray();

    public static WorkedExample Compute()
    {
        var example = new WorkedExample();
        var linkId = Guid.Parse("0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0");
        var envelopeId = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(1767225600000);
        const string From = "secretary@alpha";
        const string To = "duty-officer@bravo";
        var plaintext = "Call me on the secure line at 14:00 UTC."u8.ToArray();
        const ulong CosignatureTime = 1767225660;

        using var alphaSigning = NodeSigningKey.FromSeed(Sequence(0x00));
        using var bravoSigning = NodeSigningKey.FromSeed(Sequence(0x20));
        using var alphaAgreement = NodeAgreementKey.FromPrivateKey(Sequence(0x40));
        using var bravoAgreement = NodeAgreementKey.FromPrivateKey(Sequence(0x60));
        using var ephemeral = NodeAgreementKey.FromPrivateKey(Sequence(0x80));
        var contentKey = Sequence(0xa0);

        example.Add("name", "worked example");
        example.Add("link.id", linkId.ToString("D"));
        example.Add("alpha.name", "alpha");
        example.Add("alpha.signing.seed", alphaSigning.ExportSeed());
        example.Add("alpha.signing.public", alphaSigning.PublicKey);
        example.Add("alpha.agreement.private", alphaAgreement.ExportPrivateKey());
        example.Add("alpha.agreement.public", alphaAgreement.PublicKey);
        example.Add("bravo.name", "bravo");
        example.Add("bravo.signing.seed", bravoSigning.ExportSeed());
        example.Add("bravo.signing.public", bravoSigning.PublicKey);
        example.Add("bravo.agreement.private", bravoAgreement.ExportPrivateKey());
        example.Add("bravo.agreement.public", bravoAgreement.PublicKey);

        // The envelope alpha sends to bravo.
        example.Add("envelope.id", envelopeId.ToString("D"));
        example.Add("envelope.sequence", "0");
        example.Add("envelope.precedence", "0");
        example.Add("envelope.type", "1");
        example.Add("envelope.created", createdAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        example.Add("envelope.from", From);
        example.Add("envelope.to", To);
        example.Add("body.plaintext", plaintext);
        example.Add("ephemeral.private", ephemeral.ExportPrivateKey());
        example.Add("ephemeral.public", ephemeral.PublicKey);
        example.Add("content.key", contentKey);

        var aad = Envelope.AssociatedData(linkId, envelopeId, Precedence.Flash, EnvelopeType.Message, createdAt, alphaSigning.PublicKey, From, To);
        example.Add("aad", aad);

        // Independent recomputation of the sealed body (docs/protocol.md §Sealed body), with NSec.
        var idBytes = Envelope.GuidBytes(envelopeId);
        using var ephemeralKey = Key.Import(KeyAgreementAlgorithm.X25519, Sequence(0x80), KeyBlobFormat.RawPrivateKey);
        var independent = new List<byte> { 0x01 };
        independent.AddRange(ephemeral.PublicKey);
        foreach (var (slot, recipient) in new[] { ("peer", bravoAgreement.PublicKey), ("sender", alphaAgreement.PublicKey) })
        {
            var recipientKey = NSec.Cryptography.PublicKey.Import(KeyAgreementAlgorithm.X25519, recipient, KeyBlobFormat.RawPublicKey);
            using var shared = KeyAgreementAlgorithm.X25519.Agree(ephemeralKey, recipientKey)!;
            byte[] salt = [.. ephemeral.PublicKey, .. recipient];
            var prk = KeyDerivationAlgorithm.HkdfSha256.Extract(shared, salt);
            byte[] info = [.. "hotline/v1 body-wrap"u8, .. idBytes];
            var kek = KeyDerivationAlgorithm.HkdfSha256.Expand(prk, info, 32);
            var wrap = AeadEncrypt(kek, aad, contentKey);
            example.Add($"{slot}.salt", salt);
            example.Add($"{slot}.prk", prk);
            example.Add($"{slot}.info", info);
            example.Add($"{slot}.kek", kek);
            example.Add($"{slot}.wrap", wrap);
            independent.AddRange(wrap);
        }

        var bodyCiphertext = AeadEncrypt(contentKey, aad, plaintext);
        example.Add("body.ciphertext", bodyCiphertext);
        independent.AddRange(bodyCiphertext);

        var sealedBody = new BodySealer(Sequence(0x80), bravoAgreement.PublicKey, alphaAgreement.PublicKey).Seal(idBytes, contentKey, aad, plaintext);
        if (!sealedBody.AsSpan().SequenceEqual(independent.ToArray()))
        {
            throw new InvalidOperationException("BodySealer disagrees with the documented recipe:\n"
                + Convert.ToHexStringLower(sealedBody) + "\n" + Convert.ToHexStringLower(independent.ToArray()));
        }

        example.Add("sealed.body", sealedBody);

        var envelope = new Envelope(linkId, envelopeId, 0, Precedence.Flash, EnvelopeType.Message, createdAt, alphaSigning.PublicKey, From, To, sealedBody);
        var envelopeBytes = envelope.Encode();
        example.Add("envelope", envelopeBytes);
        var leaf = MerkleHash.Leaf(envelopeBytes);
        example.Add("envelope.leaf", leaf);

        // Alpha's transcript of the link after this one envelope, its signed checkpoint, and bravo's receipt.
        var origin = TranscriptNames.Origin(linkId, "alpha");
        var frontier = MerkleFrontier.Empty();
        frontier.Append(leaf);
        var checkpoint = new Checkpoint(origin, frontier.Size, frontier.Root());
        var text = checkpoint.ToText();
        var logSignature = SignedNote.SignEd25519(text, origin, alphaSigning);
        var cosignerName = TranscriptNames.CosignerName("bravo");
        var cosignature = Cosignature.Sign(text, CosignatureTime, cosignerName, bravoSigning);
        example.Add("checkpoint.origin", origin);
        example.Add("checkpoint.size", "1");
        example.Add("checkpoint.root", checkpoint.Root);
        example.Add("checkpoint.text", Encoding.UTF8.GetBytes(text));
        example.Add("log.keyid", new NoteKey(origin, NoteKey.Ed25519Type, alphaSigning.PublicKey).KeyId.ToString("x8", CultureInfo.InvariantCulture));
        example.Add("log.vkey", new NoteKey(origin, NoteKey.Ed25519Type, alphaSigning.PublicKey).ToVerifierKey());
        example.Add("log.signature", logSignature.Signature);
        example.Add("cosigner.name", cosignerName);
        example.Add("cosigner.keyid", new NoteKey(cosignerName, NoteKey.CosignatureV1Type, bravoSigning.PublicKey).KeyId.ToString("x8", CultureInfo.InvariantCulture));
        example.Add("cosigner.vkey", new NoteKey(cosignerName, NoteKey.CosignatureV1Type, bravoSigning.PublicKey).ToVerifierKey());
        example.Add("cosignature.time", CosignatureTime.ToString(CultureInfo.InvariantCulture));
        example.Add("cosignature.message", Cosignature.SignedMessage(text, CosignatureTime));
        example.Add("cosignature.signature", cosignature.Signature);
        example.CheckpointNote = new SignedNote(text, [logSignature]).Format();
        example.CosignedNote = new SignedNote(text, [logSignature, cosignature]).Format();

        // Pairing: alpha's invitation, bravo's request, alpha's acceptance, and the safety number both read aloud.
        var invitation = new Invitation(
            Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
            Sequence(0xc0),
            DateTimeOffset.FromUnixTimeSeconds(1767830400),
            alphaSigning.PublicKey,
            alphaAgreement.PublicKey,
            "alpha",
            ["https://alpha.example:8443", "https://alpha-backup.example:8443"]);
        example.Add("invitation.id", invitation.Id.ToString("D"));
        example.Add("invitation.secret", invitation.Secret);
        example.Add("invitation.expires", invitation.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        example.Add("invitation.endpoints", string.Join(' ', invitation.Endpoints));
        example.Add("invitation.token", invitation.ToToken(alphaSigning));
        example.Add("pairing.request.message", PairingProof.RequestMessage(invitation.Id, bravoSigning.PublicKey, bravoAgreement.PublicKey, "bravo"));
        example.Add("pairing.request.signature", PairingProof.SignRequest(bravoSigning, invitation.Id, bravoAgreement.PublicKey, "bravo"));
        example.Add("pairing.accept.message", PairingProof.AcceptMessage(invitation.Id, linkId, bravoSigning.PublicKey));
        example.Add("pairing.accept.signature", PairingProof.SignAccept(alphaSigning, invitation.Id, linkId, bravoSigning.PublicKey));
        example.Add("safety.number", SafetyNumber.Compute(alphaSigning.PublicKey, alphaAgreement.PublicKey, bravoSigning.PublicKey, bravoAgreement.PublicKey));
        return example;
    }

    public string Format()
    {
        var builder = new StringBuilder();
        builder.Append("# The worked example of docs/protocol.md, written by tests/Hotline.Protocol.Tests/WorkedExample.cs.\n");
        builder.Append("# Byte strings are hex; see tests/vectors/README.md. The notes are beside this file.\n\n");
        foreach (var (key, value) in Lines)
        {
            builder.Append(key).Append(' ').Append(value).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>When HOTLINE_WRITE_VECTORS=1, rewrites the committed files from the computed example.</summary>
    public static bool WriteIfRequested(WorkedExample example)
    {
        if (Environment.GetEnvironmentVariable("HOTLINE_WRITE_VECTORS") != "1")
        {
            return false;
        }

        Directory.CreateDirectory(Vectors.PathOf("hotline"));
        System.IO.File.WriteAllText(Vectors.PathOf(File), example.Format(), new UTF8Encoding(false));
        System.IO.File.WriteAllText(Vectors.PathOf(CheckpointFile), example.CheckpointNote, new UTF8Encoding(false));
        System.IO.File.WriteAllText(Vectors.PathOf(CosignedFile), example.CosignedNote, new UTF8Encoding(false));
        return true;
    }

    private static byte[] AeadEncrypt(byte[] key, byte[] aad, byte[] plaintext)
    {
        using var k = Key.Import(AeadAlgorithm.ChaCha20Poly1305, key, KeyBlobFormat.RawSymmetricKey);
        return AeadAlgorithm.ChaCha20Poly1305.Encrypt(k, new byte[12], aad, plaintext);
    }
}
