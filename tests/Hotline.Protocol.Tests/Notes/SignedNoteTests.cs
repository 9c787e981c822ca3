using System.Text;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Notes;

namespace Hotline.Protocol.Tests.Notes;

/// <summary>C2SP signed-note v1.0.0: the published example (tests/vectors/c2sp/) and the parser's refusals.</summary>
public sealed class SignedNoteTests
{
    private static readonly string s_exampleKey = Vectors.ReadText("c2sp/signed-note-example.vkey").TrimEnd('\n');
    private static readonly string s_exampleNote = Vectors.ReadText("c2sp/signed-note-example.note");

    private static NoteKey ExampleKey()
    {
        Assert.True(NoteKey.TryParseVerifierKey(s_exampleKey, out var key, out var error), error);
        return key;
    }

    private static SignedNote ExampleNote()
    {
        Assert.True(SignedNote.TryParse(s_exampleNote, out var note, out var error), error);
        return note;
    }

    [Fact]
    public void TryParseVerifierKey_OfTheC2spExample_GivesNameTypeAndKeyId()
    {
        var key = ExampleKey();
        Assert.Equal("example.com/foo", key.Name);
        Assert.Equal(NoteKey.Ed25519Type, key.Type);
        Assert.Equal(32, key.PublicKey.Length);
        Assert.Equal(0x530d903au, key.KeyId);
    }

    [Fact]
    public void ToVerifierKey_OfTheC2spExample_ReproducesTheString()
        => Assert.Equal(s_exampleKey, ExampleKey().ToVerifierKey());

    [Fact]
    public void TryParse_OfTheC2spExample_SplitsTextAndSignature()
    {
        var note = ExampleNote();
        Assert.Equal("This is an example message.\n", note.Text);
        var signature = Assert.Single(note.Signatures);
        Assert.Equal("example.com/foo", signature.KeyName);
        Assert.Equal(0x530d903au, signature.KeyId);
        Assert.Equal(64, signature.Signature.Length);
    }

    [Fact]
    public void IsSignedBy_TheC2spExampleKey_IsTrue()
        => Assert.True(ExampleNote().IsSignedBy(ExampleKey()));

    [Fact]
    public void Format_OfTheParsedC2spExample_IsByteForByteTheNote()
        => Assert.Equal(Encoding.UTF8.GetBytes(s_exampleNote), Encoding.UTF8.GetBytes(ExampleNote().Format()));

    [Fact]
    public void IsSignedBy_WithFlippedText_IsFalse()
    {
        Assert.True(SignedNote.TryParse(s_exampleNote.Replace("example message", "exbmple message", StringComparison.Ordinal), out var note, out _));
        Assert.False(note.IsSignedBy(ExampleKey()));
    }

    [Fact]
    public void IsSignedBy_WithFlippedSignatureByte_IsFalse()
    {
        var note = ExampleNote();
        var signature = note.Signatures[0].Signature.ToArray();
        signature[10] ^= 0x04;
        var damaged = note with { Signatures = [note.Signatures[0] with { Signature = signature }] };
        Assert.False(damaged.IsSignedBy(ExampleKey()));
    }

    [Fact]
    public void IsSignedBy_SameKeyUnderAnotherName_IsFalse()
    {
        var key = ExampleKey() with { Name = "example.com/bar" };
        Assert.False(ExampleNote().IsSignedBy(key));
    }

    [Fact]
    public void IsSignedBy_ACosignatureTypeKey_IsFalse()
        => Assert.False(ExampleNote().IsSignedBy(ExampleKey() with { Type = NoteKey.CosignatureV1Type }));

    [Fact]
    public void IsSignedBy_IgnoresSignaturesFromUnknownKeys()
    {
        var unknown = new NoteSignature("example.com/other", 0x01020304, new byte[64]);
        var sameNameOtherId = new NoteSignature("example.com/foo", 0x01020304, new byte[64]);
        var note = ExampleNote();
        var withUnknown = note with { Signatures = [unknown, sameNameOtherId, .. note.Signatures] };
        Assert.True(SignedNote.TryParse(withUnknown.Format(), out var parsed, out var error), error);
        Assert.Equal(3, parsed.Signatures.Count);
        Assert.True(parsed.IsSignedBy(ExampleKey()));
    }

    [Fact]
    public void IsSignedBy_WithAFailingLineFromThePinnedKeyBesideAValidOne_IsFalse()
    {
        var note = ExampleNote();
        var bad = note.Signatures[0] with { Signature = new byte[64] };
        Assert.False((note with { Signatures = [bad, .. note.Signatures] }).IsSignedBy(ExampleKey()));
    }

    [Fact]
    public void TryParse_TextWithEmptyLines_SplitsAtTheLastBlankLine()
    {
        using var key = NodeSigningKey.FromSeed(new byte[32]);
        var text = "first\n\nthird\n";
        var note = new SignedNote(text, [SignedNote.SignEd25519(text, "example.com/key", key)]);
        Assert.True(SignedNote.TryParse(note.Format(), out var parsed, out var error), error);
        Assert.Equal(text, parsed.Text);
        Assert.True(parsed.IsSignedBy(new NoteKey("example.com/key", NoteKey.Ed25519Type, key.PublicKey)));
    }

    [Fact]
    public void TryParse_AcceptsSixteenSignatures()
    {
        var line = s_exampleNote[s_exampleNote.IndexOf('\u2014', StringComparison.Ordinal)..];
        var note = "This is an example message.\n\n" + string.Concat(Enumerable.Repeat(line, 16));
        Assert.True(SignedNote.TryParse(note, out var parsed, out var error), error);
        Assert.Equal(16, parsed.Signatures.Count);
        Assert.True(parsed.IsSignedBy(ExampleKey()));
    }

    public static TheoryData<string, string> MalformedNotes => new()
    {
        { "no blank line", "text\n\u2014 example.com/foo AAAAAAAA\n" },
        { "no final newline", "text\n\n\u2014 example.com/foo Uw2QOkn8\u2014" },
        { "empty signature block", "text\n\n" },
        { "carriage return", "text\r\n\n\u2014 example.com/foo Uw2QOkn8srV1\n" },
        { "tab", "te\txt\n\n\u2014 example.com/foo Uw2QOkn8srV1\n" },
        { "NUL", "te\0xt\n\n\u2014 example.com/foo Uw2QOkn8srV1\n" },
        { "hyphen instead of em dash", "text\n\n- example.com/foo Uw2QOkn8srV1\n" },
        { "no space after the dash", "text\n\n\u2014example.com/foo Uw2QOkn8srV1\n" },
        { "no signature", "text\n\n\u2014 example.com/foo\n" },
        { "empty key name", "text\n\n\u2014  Uw2QOkn8srV1\n" },
        { "plus in key name", "text\n\n\u2014 example.com/f+o Uw2QOkn8srV1\n" },
        { "three fields", "text\n\n\u2014 example.com/foo Uw2QOkn8srV1 extra\n" },
        { "invalid base64", "text\n\n\u2014 example.com/foo Uw2QOkn8srV!\n" },
        { "four-byte signature (key ID only)", "text\n\n\u2014 example.com/foo Uw2QOg==\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedNotes))]
    public void TryParse_MalformedNote_IsRefusedWithAReason(string what, string note)
    {
        Assert.False(SignedNote.TryParse(note, out _, out var error), what);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void TryParse_MoreThanMaxSignatures_IsRefused()
    {
        var line = s_exampleNote[s_exampleNote.IndexOf('\u2014', StringComparison.Ordinal)..];
        var note = "This is an example message.\n\n" + string.Concat(Enumerable.Repeat(line, SignedNote.MaxSignatures + 1));
        Assert.False(SignedNote.TryParse(note, out _, out var error));
        Assert.Contains("too many", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LargerThanMaxSize_IsRefused()
    {
        var note = new string('a', SignedNote.MaxSize) + "\n\n" + s_exampleNote[s_exampleNote.IndexOf('\u2014', StringComparison.Ordinal)..];
        Assert.False(SignedNote.TryParse(note, out _, out var error));
        Assert.Contains("too large", error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> MalformedVerifierKeys => new()
    {
        { "wrong key ID", "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k" },
        { "upper-case key ID", "example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k" },
        { "other name", "example.com/bar+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k" },
        { "short key ID", "example.com/foo+530d903+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k" },
        { "two parts", "example.com/foo+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k" },
        { "four parts", "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k+x" },
        { "empty name", "+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k" },
        { "space in name", "example.com/ foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k" },
        { "invalid base64", "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2!" },
        { "31-byte key", "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3Q==" },
        { "unknown type 0x02", "example.com/foo+530d903a+AukyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k" },
    };

    [Theory]
    [MemberData(nameof(MalformedVerifierKeys))]
    public void TryParseVerifierKey_Malformed_IsRefusedWithAReason(string what, string text)
    {
        Assert.False(NoteKey.TryParseVerifierKey(text, out _, out var error), what);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    // Regression: base64 uses '+', so splitting the whole verifier key on '+' refused about half of all keys
    // (every key whose base64 contains a '+'), for example the one x/mod writes in tests/vectors/go-x-mod/keys.txt.
    [Fact]
    public void TryParseVerifierKey_WithPlusInTheBase64_ParsesAndRoundTrips()
    {
        var withPlus = 0;
        for (var i = 0; i < 64; i++)
        {
            using var signing = NodeSigningKey.FromSeed(Enumerable.Repeat((byte)i, 32).ToArray());
            foreach (var type in new[] { NoteKey.Ed25519Type, NoteKey.CosignatureV1Type })
            {
                var text = new NoteKey("example.com/k", type, signing.PublicKey).ToVerifierKey();
                withPlus += text.Split('+').Length > 3 ? 1 : 0;
                Assert.True(NoteKey.TryParseVerifierKey(text, out var parsed, out var error), $"{text}: {error}");
                Assert.Equal(signing.PublicKey, parsed.PublicKey);
                Assert.Equal(type, parsed.Type);
                Assert.Equal(text, parsed.ToVerifierKey());
            }
        }

        Assert.True(withPlus > 0, "no key with '+' in its base64 was tried");
    }

    [Fact]
    public void SignEd25519_ThenParse_IsSignedByTheKey()
    {
        using var key = NodeSigningKey.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var text = "hello\nworld\n";
        var note = new SignedNote(text, [SignedNote.SignEd25519(text, "example.org/k", key)]);
        Assert.True(SignedNote.TryParse(note.Format(), out var parsed, out var error), error);
        Assert.True(parsed.IsSignedBy(new NoteKey("example.org/k", NoteKey.Ed25519Type, key.PublicKey)));
        Assert.False(parsed.IsSignedBy(new NoteKey("example.org/k", NoteKey.Ed25519Type, new byte[32])));
    }
}
