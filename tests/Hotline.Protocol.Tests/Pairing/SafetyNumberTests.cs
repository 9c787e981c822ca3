using System.Text.RegularExpressions;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Pairing;

namespace Hotline.Protocol.Tests.Pairing;

public sealed partial class SafetyNumberTests
{
    private static byte[] Key(int first) => Enumerable.Range(first, 32).Select(i => (byte)i).ToArray();

    [GeneratedRegex(@"^\d{5} \d{5} \d{5} \d{5} \d{5} \d{5}$")]
    private static partial Regex SixGroupsOfFiveDigits();

    [Fact]
    public void Compute_IsSixGroupsOfFiveDigits()
    {
        for (var i = 0; i < 50; i++)
        {
            Assert.Matches(SixGroupsOfFiveDigits(), SafetyNumber.Compute(Key(i), Key(i + 1), Key(i + 2), Key(i + 3)));
        }
    }

    [Fact]
    public void Compute_DoesNotDependOnWhichSideComputesIt()
        => Assert.Equal(
            SafetyNumber.Compute(Key(0x00), Key(0x40), Key(0x20), Key(0x60)),
            SafetyNumber.Compute(Key(0x20), Key(0x60), Key(0x00), Key(0x40)));

    [Fact]
    public void Compute_ChangesWhenAnyOfTheFourKeysChanges()
    {
        byte[][] keys = [Key(0x00), Key(0x40), Key(0x20), Key(0x60)];
        var original = SafetyNumber.Compute(keys[0], keys[1], keys[2], keys[3]);
        for (var k = 0; k < 4; k++)
        {
            for (var position = 0; position < 32; position += 31)
            {
                var changed = keys.Select(key => key.ToArray()).ToArray();
                changed[k][position] ^= 0x01;
                Assert.NotEqual(original, SafetyNumber.Compute(changed[0], changed[1], changed[2], changed[3]));
            }
        }
    }

    [Fact]
    public void Compute_SwappingAKeyBetweenTheSides_ChangesIt()
        => Assert.NotEqual(
            SafetyNumber.Compute(Key(0x00), Key(0x40), Key(0x20), Key(0x60)),
            SafetyNumber.Compute(Key(0x00), Key(0x60), Key(0x20), Key(0x40)));

    [Fact]
    public void Compute_FollowsTheDocumentedDerivation()
    {
        // SHA-512("hotline/v1 safety-number\n" || min(a, b) || max(a, b)); six 5-byte big-endian numbers mod 100000.
        byte[] a = [.. Key(0x20), .. Key(0x60)];
        byte[] b = [.. Key(0x00), .. Key(0x40)];
        var digest = System.Security.Cryptography.SHA512.HashData([.. "hotline/v1 safety-number\n"u8, .. b, .. a]);
        var groups = Enumerable.Range(0, 6).Select(i =>
        {
            ulong value = 0;
            foreach (var octet in digest.AsSpan(i * 5, 5))
            {
                value = (value << 8) | octet;
            }

            return (value % 100000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        });
        Assert.Equal(string.Join(' ', groups), SafetyNumber.Compute(Key(0x20), Key(0x60), Key(0x00), Key(0x40)));
    }
}

public sealed class PairingProofTests
{
    [Fact]
    public void SignedRequest_VerifiesWithTheRequestersKey_AndNotForAnotherInvitation()
    {
        using var bravo = NodeSigningKey.FromSeed(Enumerable.Range(0x20, 32).Select(i => (byte)i).ToArray());
        var agreement = new byte[32];
        var invitation = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        var signature = PairingProof.SignRequest(bravo, invitation, agreement, "bravo");
        Assert.True(NodeSigningKey.Verify(bravo.PublicKey, PairingProof.RequestMessage(invitation, bravo.PublicKey, agreement, "bravo"), signature));
        Assert.False(NodeSigningKey.Verify(bravo.PublicKey, PairingProof.RequestMessage(Guid.Empty, bravo.PublicKey, agreement, "bravo"), signature));
        Assert.False(NodeSigningKey.Verify(bravo.PublicKey, PairingProof.RequestMessage(invitation, bravo.PublicKey, agreement, "brav0"), signature));
    }

    [Fact]
    public void SignedAccept_BindsTheLinkIdAndTheRequestersKey()
    {
        using var alpha = NodeSigningKey.FromSeed(new byte[32]);
        var requester = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var invitation = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
        var link = Guid.Parse("0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0");
        var signature = PairingProof.SignAccept(alpha, invitation, link, requester);
        Assert.True(NodeSigningKey.Verify(alpha.PublicKey, PairingProof.AcceptMessage(invitation, link, requester), signature));
        Assert.False(NodeSigningKey.Verify(alpha.PublicKey, PairingProof.AcceptMessage(invitation, Guid.Empty, requester), signature));
        requester[0] ^= 1;
        Assert.False(NodeSigningKey.Verify(alpha.PublicKey, PairingProof.AcceptMessage(invitation, link, requester), signature));
    }

    [Fact]
    public void Messages_StartWithTheirDomainSeparationPrefix()
    {
        var request = PairingProof.RequestMessage(Guid.Empty, new byte[32], new byte[32], "b");
        var accept = PairingProof.AcceptMessage(Guid.Empty, Guid.Empty, new byte[32]);
        Assert.Equal("hotline/v1 pair-request\n"u8.ToArray(), request[..24]);
        Assert.Equal(24 + 16 + 32 + 32 + 1, request.Length);
        Assert.Equal("hotline/v1 pair-accept\n"u8.ToArray(), accept[..23]);
        Assert.Equal(23 + 16 + 16 + 32, accept.Length);
    }
}
