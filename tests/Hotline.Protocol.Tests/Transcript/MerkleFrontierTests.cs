using System.Buffers.Binary;
using Hotline.Protocol.Transcript;

namespace Hotline.Protocol.Tests.Transcript;

public sealed class MerkleFrontierTests
{
    private static byte[] LeafHash(int i) => MerkleHash.Leaf([(byte)i, (byte)(i >> 8), 0x5a]);

    [Fact]
    public void ToBytes_ThenTryFromBytes_RoundTripsEverySizeUpTo300()
    {
        var frontier = MerkleFrontier.Empty();
        for (var size = 0; size <= 300; size++)
        {
            var bytes = frontier.ToBytes();
            Assert.Equal(8 + (System.Numerics.BitOperations.PopCount((uint)size) * 32), bytes.Length);
            Assert.Equal((ulong)size, BinaryPrimitives.ReadUInt64BigEndian(bytes));
            Assert.True(MerkleFrontier.TryFromBytes(bytes, out var read));
            Assert.Equal(frontier.Size, read.Size);
            Assert.Equal(frontier.Root(), read.Root());
            Assert.Equal(bytes, read.ToBytes());

            // The restored frontier keeps working: appending to it gives the same root as appending to the original.
            var next = LeafHash(size);
            read.Append(next);
            frontier.Append(next);
            Assert.Equal(frontier.Root(), read.Root());
        }
    }

    [Fact]
    public void ToBytes_OfTheEmptyTree_IsEightZeroBytes()
        => Assert.Equal(new byte[8], MerkleFrontier.Empty().ToBytes());

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void TryFromBytes_ShorterThanTheSize_IsRefused(int length)
        => Assert.False(MerkleFrontier.TryFromBytes(new byte[length], out _));

    [Theory]
    [InlineData(-32)]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    public void TryFromBytes_WithLengthNotMatchingTheSizesBitCount_IsRefused(int delta)
    {
        var frontier = MerkleFrontier.Empty();
        for (var i = 0; i < 13; i++)
        {
            frontier.Append(LeafHash(i));
        }

        var bytes = frontier.ToBytes();
        Assert.Equal(8 + (3 * 32), bytes.Length);
        var damaged = new byte[bytes.Length + delta];
        bytes.AsSpan(0, Math.Min(bytes.Length, damaged.Length)).CopyTo(damaged);
        Assert.False(MerkleFrontier.TryFromBytes(damaged, out _));
    }

    [Fact]
    public void TryFromBytes_WithSizeAboveLongMaxValue_IsRefused()
    {
        var bytes = new byte[8 + 32];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, 1UL << 63);
        Assert.False(MerkleFrontier.TryFromBytes(bytes, out _));
    }

    [Fact]
    public void Clone_CanBeAppendedWithoutChangingTheOriginal()
    {
        var frontier = MerkleFrontier.Empty();
        frontier.Append(LeafHash(0));
        var root = frontier.Root();
        var clone = frontier.Clone();
        clone.Append(LeafHash(1));
        clone.Append(LeafHash(2));
        Assert.Equal(1, frontier.Size);
        Assert.Equal(root, frontier.Root());
        Assert.Equal(3, clone.Size);
        Assert.Equal(MerkleProofs.SubtreeRoot([LeafHash(0), LeafHash(1), LeafHash(2)], 0, 3), clone.Root());
    }
}
