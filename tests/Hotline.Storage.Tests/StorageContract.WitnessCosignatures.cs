namespace Hotline.Storage.Tests;

/// <summary>Witnesses' cosignatures on a node's checkpoints (witness_cosignatures): kept once per witness and size, read
/// back per size and as each witness's latest.</summary>
public abstract partial class StorageContract
{
    [Fact]
    public async Task WitnessCosignature_IsReadBackForItsSize_AndAsTheWitnessLatest()
    {
        var link = NewLink();
        await Store.CreateLinkAsync(link, Ct);

        await Store.StoreWitnessCosignatureAsync(link.Id, LogDirection.Outbound, new("w1", 3, "— w1 AAAA\n", T0), Ct);
        await Store.StoreWitnessCosignatureAsync(link.Id, LogDirection.Outbound, new("w2", 3, "— w2 BBBB\n", T0), Ct);
        await Store.StoreWitnessCosignatureAsync(link.Id, LogDirection.Outbound, new("w1", 7, "— w1 CCCC\n", T0.AddSeconds(1)), Ct);

        var atThree = await Store.GetWitnessCosignaturesAsync(link.Id, LogDirection.Outbound, 3, Ct);
        Assert.Equal(["w1", "w2"], atThree.Select(c => c.Witness));
        Assert.Equal("— w2 BBBB\n", atThree[1].Cosignature);
        var latest = await Store.GetLatestWitnessCosignaturesAsync(link.Id, LogDirection.Outbound, Ct);
        Assert.Equal([("w1", 7L, "— w1 CCCC\n"), ("w2", 3L, "— w2 BBBB\n")], latest.Select(c => (c.Witness, c.Size, c.Cosignature)));
        Assert.Equal(T0.AddSeconds(1), latest[0].StoredAt);
    }

    [Fact]
    public async Task WitnessCosignature_StoredTwice_KeepsTheFirst()
    {
        var link = NewLink();
        await Store.CreateLinkAsync(link, Ct);

        await Store.StoreWitnessCosignatureAsync(link.Id, LogDirection.Outbound, new("w1", 5, "— w1 FIRST\n", T0), Ct);
        await Store.StoreWitnessCosignatureAsync(link.Id, LogDirection.Outbound, new("w1", 5, "— w1 SECOND\n", T0.AddMinutes(1)), Ct);

        var stored = Assert.Single(await Store.GetWitnessCosignaturesAsync(link.Id, LogDirection.Outbound, 5, Ct));
        Assert.Equal("— w1 FIRST\n", stored.Cosignature);
        Assert.Equal(T0, stored.StoredAt);
    }

    [Fact]
    public async Task WitnessCosignatures_OfOneLinkAndDirection_AreNotSeenFromAnother()
    {
        var link = NewLink();
        var other = NewLink();
        await Store.CreateLinkAsync(link, Ct);
        await Store.CreateLinkAsync(other, Ct);

        await Store.StoreWitnessCosignatureAsync(link.Id, LogDirection.Outbound, new("w1", 2, "— w1 AAAA\n", T0), Ct);

        Assert.Empty(await Store.GetLatestWitnessCosignaturesAsync(other.Id, LogDirection.Outbound, Ct));
        Assert.Empty(await Store.GetLatestWitnessCosignaturesAsync(link.Id, LogDirection.Inbound, Ct));
        Assert.Empty(await Store.GetWitnessCosignaturesAsync(link.Id, LogDirection.Outbound, 1, Ct));
    }
}
