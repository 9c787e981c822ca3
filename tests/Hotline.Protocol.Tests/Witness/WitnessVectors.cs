using Hotline.Protocol.Crypto;
using Hotline.Protocol.Notes;
using Hotline.Protocol.Tests.Tiles;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests.Witness;

/// <summary>The keys, checkpoints and signed notes of tests/vectors/go-x-mod-tiles/, made again with Hotline.Protocol.</summary>
internal static class WitnessVectors
{
    public const string WitnessName = "witness.example/w1";

    public const ulong Time = 1767225600;

    public static string Origin => GoTileVectors.Keys["origin"];

    public static NodeSigningKey LogSigningKey() => NodeSigningKey.FromSeed(Convert.FromHexString(GoTileVectors.Keys["log.seed"]));

    public static NodeSigningKey WitnessSigningKey() => NodeSigningKey.FromSeed(Convert.FromHexString(GoTileVectors.Keys["witness.seed"]));

    public static NoteKey LogKey => Parse(GoTileVectors.Keys["log.vkey"]);

    public static NoteKey WitnessKey => Parse(GoTileVectors.Keys["witness.vkey"]);

    /// <summary>The checkpoint of the first <paramref name="size"/> vector entries.</summary>
    public static Checkpoint CheckpointOf(long size) => new(Origin, size, MerkleProofs.SubtreeRoot(GoTileVectors.LeafHashes, 0, size));

    /// <summary>The checkpoint of <paramref name="size"/> signed by the log and, if asked, cosigned by the witness.</summary>
    public static string SignedNoteOf(long size, bool cosigned = false) => SignedNoteOf(CheckpointOf(size).ToText(), cosigned);

    public static string SignedNoteOf(string text, bool cosigned = false)
    {
        using var log = LogSigningKey();
        using var witness = WitnessSigningKey();
        List<NoteSignature> signatures = [SignedNote.SignEd25519(text, Origin, log)];
        if (cosigned)
        {
            signatures.Add(Cosignature.Sign(text, Time, WitnessName, witness));
        }

        return new SignedNote(text, signatures).Format();
    }

    /// <summary>1–3 characters of <paramref name="text"/> replaced by characters of <paramref name="alphabet"/>, then
    /// a random prefix of the result (fixed seeds: STYLE §11 bounded mutation fuzzing).</summary>
    public static string Mutate(Random random, string text, string alphabet)
    {
        var chars = text.ToCharArray();
        for (var m = random.Next(1, 4); m > 0; m--)
        {
            chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars)[..random.Next(chars.Length + 1)];
    }

    private static NoteKey Parse(string verifierKey)
    {
        Assert.True(NoteKey.TryParseVerifierKey(verifierKey, out var key, out var error), error);
        return key;
    }
}
