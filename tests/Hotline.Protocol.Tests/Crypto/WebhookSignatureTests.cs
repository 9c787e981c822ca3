using System.Text;
using Hotline.Protocol.Crypto;

namespace Hotline.Protocol.Tests.Crypto;

/// <summary>
/// Webhook signatures: Ed25519 by the node's key over <c>"hotline-webhook/v1\n" || seconds || "\n" || body</c>, sent as
/// <c>Hotline-Signature: t=&lt;seconds&gt;,ed25519=&lt;base64&gt;</c>. A receiver pins the node's public key.
/// </summary>
public sealed class WebhookSignatureTests
{
    private const long Time = 1767225600;

    private static readonly byte[] s_body = """{"node":"alpha","id":1,"kind":"escalation"}"""u8.ToArray();

    // Seed 00 01 … 1f (the worked example's alpha). The expected header was computed independently, with Python's
    // `cryptography` (OpenSSL) Ed25519 over b"hotline-webhook/v1\n1767225600\n" + body.
    private const string ExpectedHeader = "t=1767225600,ed25519=ry2rwiZtJFGAHujITtLveTssP3leU4WY3RlzT0T7MdTA/BLsA267kpeSEZ840vT/IlAfIQGB3JSZzHDUHmzjAg==";

    private static NodeSigningKey NodeKey() => NodeSigningKey.FromSeed(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    private static NodeSigningKey OtherKey() => NodeSigningKey.FromSeed(Enumerable.Repeat((byte)0xee, 32).ToArray());

    private static string SignatureOf(string header) => header[(header.IndexOf(",ed25519=", StringComparison.Ordinal) + ",ed25519=".Length)..];

    [Fact]
    public void HeaderName_IsHotlineSignature()
        => Assert.Equal("Hotline-Signature", WebhookSignature.HeaderName);

    [Fact]
    public void SignedMessage_IsThePrefixTheDecimalSecondsANewlineAndTheBody()
    {
        var message = WebhookSignature.SignedMessage(Time, s_body);

        Assert.Equal([.. "hotline-webhook/v1\n1767225600\n"u8, .. s_body], message);
        Assert.StartsWith("hotline-webhook/v1\n", Encoding.UTF8.GetString(message), StringComparison.Ordinal);
    }

    [Fact]
    public void SignedMessage_OfAnEmptyBody_EndsWithTheNewline()
        => Assert.Equal("hotline-webhook/v1\n0\n"u8.ToArray(), WebhookSignature.SignedMessage(0, []));

    [Fact]
    public void Sign_GivesTheIndependentlyComputedHeader()
    {
        using var key = NodeKey();

        Assert.Equal(ExpectedHeader, WebhookSignature.Sign(key, Time, s_body));
        Assert.Equal("A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=", Convert.ToBase64String(key.PublicKey));
    }

    [Fact]
    public void Sign_IsAnEd25519SignatureOverTheSignedMessage()
    {
        using var key = NodeKey();

        var signature = Convert.FromBase64String(SignatureOf(WebhookSignature.Sign(key, Time, s_body)));

        Assert.Equal(64, signature.Length);
        Assert.True(NodeSigningKey.Verify(key.PublicKey, WebhookSignature.SignedMessage(Time, s_body), signature));
        Assert.False(NodeSigningKey.Verify(key.PublicKey, [.. "hotline-webhook/v2\n1767225600\n"u8, .. s_body], signature));
        Assert.False(NodeSigningKey.Verify(key.PublicKey, s_body, signature)); // the body alone is not what is signed
    }

    [Fact]
    public void SignThenVerify_IsTrue_AndGivesTheSignedTime()
    {
        using var key = NodeKey();
        var header = WebhookSignature.Sign(key, Time, s_body);

        Assert.True(WebhookSignature.Verify(key.PublicKey, header, s_body, out var timestamp));
        Assert.Equal(Time, timestamp);
    }

    [Fact]
    public void TheIndependentlyComputedHeader_Verifies()
    {
        using var key = NodeKey();

        Assert.True(WebhookSignature.Verify(key.PublicKey, ExpectedHeader, s_body, out var timestamp));
        Assert.Equal(Time, timestamp);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(long.MaxValue)]
    public void SignThenVerify_HoldsAtTheEndsOfTheTimeRange(long time)
    {
        using var key = NodeKey();

        Assert.True(WebhookSignature.Verify(key.PublicKey, WebhookSignature.Sign(key, time, s_body), s_body, out var timestamp));
        Assert.Equal(time, timestamp);
    }

    [Fact]
    public void SignThenVerify_HoldsForAnEmptyBody()
    {
        using var key = NodeKey();

        Assert.True(WebhookSignature.Verify(key.PublicKey, WebhookSignature.Sign(key, Time, []), [], out _));
    }

    [Fact]
    public void Verify_WithAChangedBody_Fails()
    {
        using var key = NodeKey();
        var header = WebhookSignature.Sign(key, Time, s_body);

        for (var i = 0; i < s_body.Length; i++)
        {
            var changed = s_body.ToArray();
            changed[i] ^= 0x01;
            Assert.False(WebhookSignature.Verify(key.PublicKey, header, changed, out _));
        }

        Assert.False(WebhookSignature.Verify(key.PublicKey, header, s_body.AsSpan(..^1), out _));
        Assert.False(WebhookSignature.Verify(key.PublicKey, header, [.. s_body, (byte)'\n'], out _));
        Assert.False(WebhookSignature.Verify(key.PublicKey, header, [], out _));
    }

    [Theory]
    [InlineData("t=1767225601")]
    [InlineData("t=1767225599")]
    [InlineData("t=0")]
    public void Verify_WithAChangedTimestamp_Fails(string otherTime)
    {
        // A replayed delivery cannot be passed off as a fresh one.
        using var key = NodeKey();
        var header = WebhookSignature.Sign(key, Time, s_body).Replace("t=1767225600", otherTime, StringComparison.Ordinal);

        Assert.False(WebhookSignature.Verify(key.PublicKey, header, s_body, out _));
    }

    [Fact]
    public void Verify_MovingBytesBetweenTimeAndBody_Fails()
    {
        // The newline after the time separates it from the body: "t=17672256" with body "00\n…" is another message.
        using var key = NodeKey();
        var header = WebhookSignature.Sign(key, Time, s_body).Replace("t=1767225600", "t=17672256", StringComparison.Ordinal);

        Assert.False(WebhookSignature.Verify(key.PublicKey, header, [.. "00\n"u8, .. s_body], out _));
    }

    [Fact]
    public void Verify_WithAnotherNodesPublicKey_Fails()
    {
        using var key = NodeKey();
        using var other = OtherKey();

        Assert.False(WebhookSignature.Verify(other.PublicKey, WebhookSignature.Sign(key, Time, s_body), s_body, out _));
        Assert.False(WebhookSignature.Verify(key.PublicKey, WebhookSignature.Sign(other, Time, s_body), s_body, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Verify_WithAPublicKeyOfTheWrongLength_Fails(int length)
    {
        using var key = NodeKey();
        var publicKey = new byte[length];
        key.PublicKey.AsSpan(0, Math.Min(length, 32)).CopyTo(publicKey);

        Assert.False(WebhookSignature.Verify(publicKey, WebhookSignature.Sign(key, Time, s_body), s_body, out _));
    }

    public static TheoryData<string> MalformedHeaders()
    {
        using var key = NodeKey();
        var header = WebhookSignature.Sign(key, Time, s_body);
        var signature = SignatureOf(header);
        var bytes = Convert.FromBase64String(signature);
        return
        [
            "",
            " ",
            ",",
            "garbage",
            // Missing parts.
            "t=1767225600",
            "ed25519=" + signature,
            "t=1767225600,ed25519=",
            "t=,ed25519=" + signature,
            "=1767225600,ed25519=" + signature,
            // Time not a plain non-negative decimal.
            "t=-1767225600,ed25519=" + signature,
            "t=+1767225600,ed25519=" + signature,
            "t= 1767225600,ed25519=" + signature,
            "t=1767225600 ,ed25519=" + signature,
            "t=1.7672256e9,ed25519=" + signature,
            "t=0x69557980,ed25519=" + signature,
            "t=99999999999999999999,ed25519=" + signature,
            // Signature not 64 bytes of base64.
            "t=1767225600,ed25519=" + signature.Replace('A', '!'),
            "t=1767225600,ed25519=" + signature[..^4],
            "t=1767225600,ed25519=" + Convert.ToBase64String(bytes[..63]),
            "t=1767225600,ed25519=" + Convert.ToBase64String([.. bytes, 0]),
            "t=1767225600,ed25519=" + Convert.ToBase64String(bytes).TrimEnd('='),
            "t=1767225600,ed25519=" + Convert.ToHexString(bytes),
            "t=1767225600,ed25519=" + signature.Replace('+', '-').Replace('/', '_'),
            // Extra garbage.
            header + ",",
            header + ",garbage",
            header + "garbage",
            header + "==",
            "garbage," + header,
            header.Replace(",", ";", StringComparison.Ordinal),
            header.Replace(",", " ", StringComparison.Ordinal),
            header.Replace("t=", "t:", StringComparison.Ordinal),
            // Another scheme only.
            "t=1767225600,hmac-sha256=" + signature,
        ];
    }

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void Verify_OfAMalformedHeader_IsFalse_AndDoesNotThrow(string header)
    {
        using var key = NodeKey();

        Assert.False(WebhookSignature.Verify(key.PublicKey, header, s_body, out _));
    }

    [Fact]
    public void Verify_OfANullHeader_IsFalse()
    {
        using var key = NodeKey();

        Assert.False(WebhookSignature.Verify(key.PublicKey, null!, s_body, out var timestamp));
        Assert.Equal(0, timestamp);
    }

    [Theory]
    [InlineData("ed25519={sig},t=1767225600")]
    [InlineData("t=1767225600, ed25519={sig}")]
    [InlineData("t=1767225600,ed25519={sig},v=2")]
    [InlineData("v=2,t=1767225600,ed25519={sig}")]
    public void Verify_AcceptsThePartsInAnyOrder_SpaceAfterAComma_AndUnknownParameters(string template)
    {
        // What the parser tolerates (so a later version may add parameters); each case still needs the right signature.
        using var key = NodeKey();
        var header = template.Replace("{sig}", SignatureOf(WebhookSignature.Sign(key, Time, s_body)), StringComparison.Ordinal);

        Assert.True(WebhookSignature.Verify(key.PublicKey, header, s_body, out var timestamp));
        Assert.Equal(Time, timestamp);
    }

    [Fact]
    public void Verify_WithTwoTimes_ReadsTheLast_SoASecondTimeCannotSmuggleInAnOldSignature()
    {
        using var key = NodeKey();
        var old = WebhookSignature.Sign(key, Time, s_body);

        Assert.False(WebhookSignature.Verify(key.PublicKey, old + ",t=1767229200", s_body, out _));
        Assert.True(WebhookSignature.Verify(key.PublicKey, "t=1767229200," + old, s_body, out var timestamp));
        Assert.Equal(Time, timestamp);
    }

    [Fact]
    public void Sign_RefusesANullKey()
        => Assert.Throws<ArgumentNullException>(() => WebhookSignature.Sign(null!, Time, s_body));
}
