using Hotline.Protocol.Crypto;
using Hotline.Protocol.Pairing;

namespace Hotline.Protocol.Tests.Pairing;

/// <summary>The invitation token (docs/protocol.md §Invitation): round trip, and every damage refused with a reason.</summary>
public sealed class InvitationTests : IDisposable
{
    private readonly NodeSigningKey _alpha = NodeSigningKey.FromSeed(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    private Invitation Sample(IReadOnlyList<string>? endpoints = null, string name = "alpha") => new(
        Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
        Enumerable.Range(0xc0, 32).Select(i => (byte)i).ToArray(),
        DateTimeOffset.FromUnixTimeSeconds(1767830400),
        _alpha.PublicKey,
        Enumerable.Range(0x79, 32).Select(i => (byte)i).ToArray(),
        name,
        endpoints ?? ["https://alpha.example:8443"]);

    public void Dispose() => _alpha.Dispose();

    private static byte[] Raw(string token)
    {
        var s = token[Invitation.Prefix.Length..].Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + new string('=', (4 - (s.Length % 4)) % 4));
    }

    private static string Token(byte[] raw)
        => Invitation.Prefix + Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void ToTokenThenTryParse_RoundTripsEveryField()
    {
        var invitation = Sample(["https://alpha.example:8443", "https://[2001:db8::1]:8443/hotline"]);
        var token = invitation.ToToken(_alpha);
        Assert.StartsWith("hotline-invite-v1.", token, StringComparison.Ordinal);
        Assert.DoesNotContain('=', token);
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
        Assert.True(Invitation.TryParse(token, out var parsed, out var error), error);
        Assert.Equal(invitation.Id, parsed.Id);
        Assert.Equal(invitation.Secret, parsed.Secret);
        Assert.Equal(invitation.ExpiresAt, parsed.ExpiresAt);
        Assert.Equal(invitation.SigningKey, parsed.SigningKey);
        Assert.Equal(invitation.AgreementKey, parsed.AgreementKey);
        Assert.Equal(invitation.Name, parsed.Name);
        Assert.Equal(invitation.Endpoints, parsed.Endpoints);
    }

    [Fact]
    public void TryParse_ToleratesSurroundingWhiteSpace()
    {
        var token = Sample().ToToken(_alpha);
        Assert.True(Invitation.TryParse($"  {token}\n", out _, out var error), error);
    }

    [Fact]
    public void TryParse_WithAnyAlteredByte_FailsWithAReason()
    {
        var raw = Raw(Sample().ToToken(_alpha));
        for (var i = 0; i < raw.Length; i++)
        {
            var altered = raw.ToArray();
            altered[i] ^= 0x01;
            Assert.False(Invitation.TryParse(Token(altered), out _, out var error), $"byte {i}");
            Assert.False(string.IsNullOrWhiteSpace(error));
        }
    }

    [Fact]
    public void TryParse_WithAlteredPayloadByte_ReportsTheSignature()
    {
        var raw = Raw(Sample().ToToken(_alpha));
        raw[20] ^= 0x01; // inside the secret: still well-formed, so only the signature can tell.
        Assert.False(Invitation.TryParse(Token(raw), out _, out var error));
        Assert.Contains("signature", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EveryTruncation_FailsWithAReason()
    {
        var token = Sample().ToToken(_alpha);
        for (var length = 0; length < token.Length; length++)
        {
            Assert.False(Invitation.TryParse(token[..length], out _, out var error), $"length {length}");
            Assert.False(string.IsNullOrWhiteSpace(error));
        }
    }

    [Fact]
    public void TryParse_EveryTruncationOfTheRawBytes_FailsWithAReason()
    {
        var raw = Raw(Sample().ToToken(_alpha));
        for (var length = 0; length < raw.Length; length++)
        {
            Assert.False(Invitation.TryParse(Token(raw[..length]), out _, out var error), $"length {length}");
            Assert.False(string.IsNullOrWhiteSpace(error));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("hotline-invite-v2.AAAA")]
    [InlineData("hotline-invite-v1.")]
    [InlineData("hotline-invite-v1.A")]
    [InlineData("hotline-invite-v1.!!!!")]
    [InlineData("hotline-invite-v1.AAAA AAAA")]
    public void TryParse_NotAnInvitation_FailsWithAReason(string token)
    {
        Assert.False(Invitation.TryParse(token, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void TryParse_LongerThan8192Characters_IsRefused()
        => Assert.False(Invitation.TryParse(Invitation.Prefix + new string('A', 8192), out _, out _));

    [Fact]
    public void TryParse_SignedByAnotherKeyThanTheOneItNames_FailsTheSignature()
    {
        var raw = Raw(Sample().ToToken(_alpha));
        using var other = NodeSigningKey.FromSeed(new byte[32]);
        var payload = raw[..^64];
        byte[] forged = [.. payload, .. other.Sign([.. "hotline/v1 invitation\n"u8, .. payload])];
        Assert.False(Invitation.TryParse(Token(forged), out _, out var error));
        Assert.Contains("signature", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToToken_WithAnotherIssuerKey_Throws()
    {
        using var other = NodeSigningKey.FromSeed(new byte[32]);
        Assert.Throws<ArgumentException>(() => Sample().ToToken(other));
    }

    [Fact]
    public void ToToken_WithZeroOrMoreThanEightEndpointsOrALongUrl_Throws()
    {
        Assert.Throws<ArgumentException>(() => Sample([]).ToToken(_alpha));
        Assert.Throws<ArgumentException>(() => Sample([.. Enumerable.Repeat("https://a.example", 9)]).ToToken(_alpha));
        Assert.Throws<ArgumentException>(() => Sample(["https://" + new string('a', 505)]).ToToken(_alpha));
        Assert.True(Invitation.TryParse(Sample(["https://" + new string('a', 504)]).ToToken(_alpha), out _, out _));
    }

    [Fact]
    public void TryParse_WithAnInvalidNodeName_IsRefused()
    {
        var token = Sample(name: "alpha node").ToToken(_alpha);
        Assert.False(Invitation.TryParse(token, out _, out var error));
        Assert.Equal("the invitation is malformed", error);
    }

    [Fact]
    public void ToString_NamesTheInvitationButNotItsSecret()
    {
        var text = Sample().ToString();
        Assert.Contains("alpha", text, StringComparison.Ordinal);
        Assert.DoesNotContain("c0c1", text, StringComparison.OrdinalIgnoreCase);
    }
}
