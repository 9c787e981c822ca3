using System.Text;
using Hotline.Protocol.Evidence;
using Hotline.Protocol.Tiles;

namespace Hotline.Protocol.Tests.Evidence;

/// <summary>
/// The offline verifier of an export (docs/evidence.md): complete exports verify at the tile boundaries, and every
/// kind of tampering — a flipped entry byte, a truncated tile, a missing or wrong signature, reordered entries, a
/// rolled-back checkpoint, a false disclosure — is caught with a message naming the file and the fault.
/// </summary>
public sealed class ExportVerifierTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(600)]
    public void ACompleteExport_Verifies(int size)
    {
        using var export = new MemoryExport(size);

        Assert.True(export.Verify(out var log, out var error), error);

        Assert.Equal((export.Origin, export.LinkId, "alpha", (long)size), (log!.Origin, log.LinkId, log.Sender, log.Size));
        Assert.Equal(["hotline/node/bravo"], log.Cosigners);
    }

    [Fact]
    public void AFlippedEntryByte_IsCaughtAtItsTile()
    {
        using var export = new MemoryExport(300);
        var bundle = export.Files["tile/entries/000"];
        bundle[^5] ^= 0x01; // inside the last entry's sealed body: still an envelope, another leaf hash

        Assert.False(export.Verify(out _, out var error));
        Assert.Equal("tile/0/000: the hashes do not match the entries of tile/entries/000", error);
    }

    [Fact]
    public void ATruncatedTile_IsCaught()
    {
        using var export = new MemoryExport(300);
        export.Files["tile/0/001.p/44"] = export.Files["tile/0/001.p/44"][..^32];

        Assert.False(export.Verify(out _, out var error));
        Assert.Equal("tile/0/001.p/44: the hashes do not match the entries of tile/entries/001.p/44", error);
    }

    [Fact]
    public void ATruncatedEntryBundle_IsCaught()
    {
        using var export = new MemoryExport(10);
        export.Files["tile/entries/000.p/10"] = export.Files["tile/entries/000.p/10"][..^7];

        Assert.False(export.Verify(out _, out var error));
        Assert.StartsWith("tile/entries/000.p/10: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingCosignature_IsNoReceipt()
    {
        using var export = new MemoryExport(5);
        var note = Encoding.UTF8.GetString(export.Files["checkpoint"]);
        export.Files["checkpoint"] = Encoding.UTF8.GetBytes(string.Concat(note.Split('\n').Where(l => !l.StartsWith("— hotline/node/", StringComparison.Ordinal)).Select(l => l + "\n")).TrimEnd('\n') + "\n");

        Assert.False(export.Verify(out _, out var error));
        Assert.Equal("checkpoint: no cosignature (receipt) by the receiver", error);
    }

    [Fact]
    public void AWrongSignature_IsCaught_NamingItsSigner()
    {
        using var export = new MemoryExport(5);
        var lines = Encoding.UTF8.GetString(export.Files["checkpoint"]).Split('\n');
        var i = Array.FindIndex(lines, l => l.StartsWith("— hotline/link/", StringComparison.Ordinal));
        var blob = Convert.FromBase64String(lines[i].Split(' ')[2]);
        blob[10] ^= 0x80;
        lines[i] = $"— {export.Origin} {Convert.ToBase64String(blob)}";
        export.Files["checkpoint"] = Encoding.UTF8.GetBytes(string.Join('\n', lines));

        Assert.False(export.Verify(out _, out var error));
        Assert.Equal($"checkpoint: the signature by '{export.Origin}' does not verify", error);
    }

    [Fact]
    public void ASignatureByAnUnknownKey_IsCaught()
    {
        using var export = new MemoryExport(5);
        export.Files["verifiers"] = Encoding.UTF8.GetBytes(export.LogKey.ToVerifierKey() + "\n");

        Assert.False(export.Verify(out _, out var error));
        Assert.Equal("checkpoint: the signature by 'hotline/node/bravo' is by no key in verifiers", error);
    }

    [Fact]
    public void ReorderedEntries_AreOutOfPlace()
    {
        using var export = new MemoryExport(20);
        var entries = export.Entries.ToList();
        (entries[3], entries[4]) = (entries[4], entries[3]);
        export.WriteTree(entries);

        Assert.False(export.Verify(out _, out var error));
        Assert.StartsWith("tile/entries/000.p/20: entry 3 is envelope ", error, StringComparison.Ordinal);
        Assert.Contains("sequence 4", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ARolledBackCheckpoint_IsCaught_AgainstTheTiles()
    {
        using var export = new MemoryExport(20);
        export.Files["checkpoint"] = Encoding.UTF8.GetBytes(export.CosignedCheckpoint(12));

        Assert.False(export.Verify(out _, out var error));
        Assert.Equal("tile/0/000.p/20: not part of a tree of size 12; the checkpoint is not the one these tiles were written for (rolled back or substituted)", error);

        // Without a listing, the tree of size 12 is simply not there.
        Assert.False(export.Verify(out _, out error, listTiles: false));
        Assert.Equal("tile/entries/000.p/12: missing", error);
    }

    [Fact]
    public void ACheckpointOfTheSameSizeOverOtherEntries_IsCaughtAtTheRoot()
    {
        using var export = new MemoryExport(20);
        var signed = export.Files["checkpoint"];
        using var other = new MemoryExport(21);
        export.WriteTree([.. other.Entries.Take(20)]); // envelopes with other ids: a consistent tree, not the signed one
        export.Files["checkpoint"] = signed;

        Assert.False(export.Verify(out _, out var error));
        Assert.StartsWith("checkpoint: the entries hash to root ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Disclosures_MustMatchTheSignedCiphertext()
    {
        using var export = new MemoryExport(8);
        export.Disclose(2);
        Assert.True(export.Verify(out var log, out var error), error);
        Assert.Equal(1, log!.Disclosed);

        export.Disclose(5, body: "message 5, as one side would now like it to read");
        Assert.False(export.Verify(out _, out error));
        Assert.Equal($"disclosed/{export.Envelopes[5].EnvelopeId:D}.json: the disclosed body is not what envelope {export.Envelopes[5].EnvelopeId:D}'s ciphertext holds", error);
    }

    [Fact]
    public void MissingFiles_AreNamed()
    {
        using var export = new MemoryExport(3);
        export.Files.Remove("verifiers");
        Assert.False(export.Verify(out _, out var error));
        Assert.Equal("verifiers: missing", error);

        using var second = new MemoryExport(3);
        second.Files.Remove(TilePath.Hash(0, 0, 3));
        Assert.False(second.Verify(out _, out error, listTiles: false));
        Assert.Equal("tile/0/000.p/3: missing", error);
    }
}
