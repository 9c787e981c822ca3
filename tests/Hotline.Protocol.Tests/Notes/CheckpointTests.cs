using Hotline.Protocol.Notes;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests.Notes;

/// <summary>C2SP tlog-checkpoint v1.0.0 note text as Hotline writes and reads it (no extension lines).</summary>
public sealed class CheckpointTests
{
    private static readonly byte[] s_root = Convert.FromHexString("3c7675d57a7c2e8e86028dc911d17b1865f8038f8cea13c2da2ebb69b51f6d75");
    private const string Origin = "hotline/link/0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0/alpha";
    private const string RootBase64 = "PHZ11Xp8Lo6GAo3JEdF7GGX4A4+M6hPC2i67abUfbXU=";

    [Fact]
    public void ToText_IsOriginSizeAndBase64Root_EachOnALine()
        => Assert.Equal($"{Origin}\n13\n{RootBase64}\n", new Checkpoint(Origin, 13, s_root).ToText());

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(13L)]
    [InlineData(long.MaxValue)]
    public void ToText_ThenTryParse_RoundTrips(long size)
    {
        var checkpoint = new Checkpoint(Origin, size, s_root);
        Assert.True(Checkpoint.TryParse(checkpoint.ToText(), out var parsed, out var error), error);
        Assert.Equal(Origin, parsed.Origin);
        Assert.Equal(size, parsed.Size);
        Assert.Equal(s_root, parsed.Root);
        Assert.Equal(checkpoint.ToText(), parsed.ToText());
    }

    [Fact]
    public void TryParse_OfTheEmptyTree_GivesSizeZeroAndTheEmptyRoot()
    {
        var text = $"{Origin}\n0\n{Convert.ToBase64String(MerkleHash.EmptyRoot())}\n";
        Assert.True(Checkpoint.TryParse(text, out var parsed, out _));
        Assert.Equal(0, parsed.Size);
        Assert.Equal(MerkleHash.EmptyRoot(), parsed.Root);
    }

    public static TheoryData<string, string> MalformedCheckpoints => new()
    {
        { "leading zero", $"{Origin}\n013\n{RootBase64}\n" },
        { "zero with a leading zero", $"{Origin}\n00\n{RootBase64}\n" },
        { "negative size", $"{Origin}\n-1\n{RootBase64}\n" },
        { "plus sign", $"{Origin}\n+13\n{RootBase64}\n" },
        { "space before size", $"{Origin}\n 13\n{RootBase64}\n" },
        { "empty size", $"{Origin}\n\n{RootBase64}\n" },
        { "hex size", $"{Origin}\n0x0d\n{RootBase64}\n" },
        { "non-ASCII digits", $"{Origin}\n\u0661\u0663\n{RootBase64}\n" },
        { "size above 2^63-1", $"{Origin}\n9223372036854775808\n{RootBase64}\n" },
        { "twenty digits", $"{Origin}\n10000000000000000000\n{RootBase64}\n" },
        { "extension line", $"{Origin}\n13\n{RootBase64}\nextension\n" },
        { "empty extension line", $"{Origin}\n13\n{RootBase64}\n\n" },
        { "two lines", $"{Origin}\n13\n" },
        { "no final newline", $"{Origin}\n13\n{RootBase64}" },
        { "31-byte root", $"{Origin}\n13\n{Convert.ToBase64String(new byte[31])}\n" },
        { "33-byte root", $"{Origin}\n13\n{Convert.ToBase64String(new byte[33])}\n" },
        { "empty root", $"{Origin}\n13\n\n" },
        { "root not base64", $"{Origin}\n13\n{RootBase64[..^2]}!=\n" },
        { "space in origin", $"hotline/link/x y\n13\n{RootBase64}\n" },
        { "plus in origin", $"hotline/link/x+y\n13\n{RootBase64}\n" },
        { "empty origin", $"\n13\n{RootBase64}\n" },
        { "tab in origin", $"hotline/link/x\ty\n13\n{RootBase64}\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedCheckpoints))]
    public void TryParse_Malformed_IsRefusedWithAReason(string what, string text)
    {
        Assert.False(Checkpoint.TryParse(text, out _, out var error), what);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    // Regression: .NET's Convert.FromBase64String skips white space and ignores the unused low bits of the last
    // character, so a root line other than the canonical encoding parsed to the same root. The text that is signed
    // (and cosigned) must be the one ToText writes back, so only the canonical encoding is accepted.
    [Theory]
    [InlineData("PHZ1 1Xp8Lo6GAo3JEdF7GGX4A4+M6hPC2i67abUfbXU=")]
    [InlineData("PHZ11Xp8Lo6GAo3JEdF7GGX4A4+M6hPC2i67abUfbXV=")]
    [InlineData("PHZ11Xp8Lo6GAo3JEdF7GGX4A4+M6hPC2i67abUfbXU")]
    public void TryParse_NonCanonicalBase64Root_IsRefused(string rootLine)
        => Assert.False(Checkpoint.TryParse($"{Origin}\n13\n{rootLine}\n", out _, out _));
}
