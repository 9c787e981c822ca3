using System.Security.Cryptography;
using Hotline.Protocol;

namespace Hotline.Storage.Tests;

/// <summary>
/// What every <see cref="INodeStore"/> promises, written once and run for each implementation (SQLite now, PostgreSQL
/// later). Tests share the class's store but never each other's data: each creates its own links and invitations.
/// Tests that need an empty database, or close and reopen one, open a database of their own by name.
/// </summary>
public abstract partial class StorageContract
{
    protected static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The store shared by the tests of one class.</summary>
    protected abstract INodeStore Store { get; }

    /// <summary>Opens the database called <paramref name="name"/>: empty the first time, the same data when reopened.</summary>
    protected abstract Task<INodeStore> OpenAsync(string name, CancellationToken cancellationToken);

    /// <summary>Writes the node identity once (done by `hotline init`; not part of <see cref="INodeStore"/>).</summary>
    protected abstract Task InitializeIdentityAsync(INodeStore store, NodeIdentity identity, CancellationToken cancellationToken);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    // ---- identity -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Identity_WrittenAtInit_IsReadBack()
    {
        await using var store = await OpenAsync("identity-read", Ct);
        var identity = Identity("alpha");

        await InitializeIdentityAsync(store, identity, Ct);

        var read = await store.GetIdentityAsync(Ct);
        Assert.Equal(identity.Name, read.Name);
        Assert.Equal(identity.SigningPublicKey, read.SigningPublicKey);
        Assert.Equal(identity.AgreementPublicKey, read.AgreementPublicKey);
        Assert.Equal(identity.ListenUrl, read.ListenUrl);
        Assert.Equal(identity.CreatedAt, read.CreatedAt);
    }

    [Fact]
    public async Task Identity_InitializedTwice_IsRefused_AndTheFirstStays()
    {
        await using var store = await OpenAsync("identity-twice", Ct);
        var first = Identity("alpha");
        await InitializeIdentityAsync(store, first, Ct);

        await Assert.ThrowsAsync<StorageException>(() => InitializeIdentityAsync(store, Identity("bravo"), Ct));

        var read = await store.GetIdentityAsync(Ct);
        Assert.Equal("alpha", read.Name);
        Assert.Equal(first.SigningPublicKey, read.SigningPublicKey);
    }

    [Fact]
    public async Task Identity_OfADatabaseNeverInitialized_IsAStorageException()
    {
        await using var store = await OpenAsync("identity-none", Ct);

        var ex = await Assert.ThrowsAsync<StorageException>(() => store.GetIdentityAsync(Ct));
        Assert.False(ex.IsTransient);
    }

    // ---- invitations ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Invitation_ClaimedWithItsSecret_IsClaimed_AndCreatesTheLink()
    {
        var (invitation, secret) = await CreateInvitationAsync(TimeSpan.FromHours(1));
        var link = NewLink();

        var claim = await Store.ClaimInvitationAsync(invitation.Id, Hash(secret), T0.AddMinutes(1), link, Ct);

        Assert.Equal(InvitationClaim.Claimed, claim);
        var stored = await Store.FindLinkAsync(link.Id.ToString("D"), Ct);
        Assert.NotNull(stored);
        Assert.Equal(link.PeerName, stored.PeerName);
        Assert.Equal(link.PeerSigningKey, stored.PeerSigningKey);
        Assert.Equal(link.PeerAgreementKey, stored.PeerAgreementKey);
    }

    [Fact]
    public async Task Invitation_NeverIssued_IsUnknown_AndCreatesNoLink()
    {
        var link = NewLink();

        var claim = await Store.ClaimInvitationAsync(Guid.NewGuid(), Hash(RandomNumberGenerator.GetBytes(32)), T0, link, Ct);

        Assert.Equal(InvitationClaim.Unknown, claim);
        await AssertNoLinkAsync(link);
    }

    [Fact]
    public async Task Invitation_WithTheWrongSecret_IsWrongSecret_CreatesNoLink_AndStaysUsable()
    {
        var (invitation, secret) = await CreateInvitationAsync(TimeSpan.FromHours(1));
        var intruder = NewLink();

        var claim = await Store.ClaimInvitationAsync(invitation.Id, Hash(RandomNumberGenerator.GetBytes(32)), T0, intruder, Ct);

        Assert.Equal(InvitationClaim.WrongSecret, claim);
        await AssertNoLinkAsync(intruder);
        Assert.Equal(InvitationClaim.Claimed, await Store.ClaimInvitationAsync(invitation.Id, Hash(secret), T0, NewLink(), Ct));
    }

    [Fact]
    public async Task Invitation_AtOrAfterItsExpiry_IsExpired_AndCreatesNoLink()
    {
        var (invitation, secret) = await CreateInvitationAsync(TimeSpan.FromMinutes(10));
        var atExpiry = NewLink();
        var later = NewLink();

        Assert.Equal(InvitationClaim.Expired, await Store.ClaimInvitationAsync(invitation.Id, Hash(secret), invitation.ExpiresAt, atExpiry, Ct));
        Assert.Equal(InvitationClaim.Expired, await Store.ClaimInvitationAsync(invitation.Id, Hash(secret), invitation.ExpiresAt.AddDays(3), later, Ct));

        await AssertNoLinkAsync(atExpiry);
        await AssertNoLinkAsync(later);
    }

    [Fact]
    public async Task Invitation_OneMillisecondBeforeExpiry_IsClaimed()
    {
        var (invitation, secret) = await CreateInvitationAsync(TimeSpan.FromMinutes(10));

        var claim = await Store.ClaimInvitationAsync(invitation.Id, Hash(secret), invitation.ExpiresAt.AddMilliseconds(-1), NewLink(), Ct);

        Assert.Equal(InvitationClaim.Claimed, claim);
    }

    [Fact]
    public async Task Invitation_ClaimedTwice_IsAlreadyUsed_AndTheSecondLinkIsNotCreated()
    {
        var (invitation, secret) = await CreateInvitationAsync(TimeSpan.FromHours(1));
        var first = NewLink();
        var second = NewLink();
        Assert.Equal(InvitationClaim.Claimed, await Store.ClaimInvitationAsync(invitation.Id, Hash(secret), T0, first, Ct));

        var claim = await Store.ClaimInvitationAsync(invitation.Id, Hash(secret), T0.AddSeconds(1), second, Ct);

        Assert.Equal(InvitationClaim.AlreadyUsed, claim);
        await AssertNoLinkAsync(second);
        Assert.NotNull(await Store.FindLinkAsync(first.Id.ToString("D"), Ct));
    }

    [Fact]
    public async Task Invitation_ClaimedForAPeerNameAlreadyLinked_IsRefused_AndStaysUnused()
    {
        var existing = NewLink();
        await Store.CreateLinkAsync(existing, Ct);
        var (invitation, secret) = await CreateInvitationAsync(TimeSpan.FromHours(1));
        var sameName = NewLink() with { PeerName = existing.PeerName };

        await Assert.ThrowsAsync<StorageException>(() => Store.ClaimInvitationAsync(invitation.Id, Hash(secret), T0, sameName, Ct));

        await AssertNoLinkAsync(sameName, checkName: false);
        Assert.Equal(InvitationClaim.Claimed, await Store.ClaimInvitationAsync(invitation.Id, Hash(secret), T0, NewLink(), Ct));
    }

    // ---- links ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Link_IsFound_ByItsIdInAnyForm_AndByPeerName()
    {
        var link = NewLink();
        await Store.CreateLinkAsync(link, Ct);

        foreach (var key in new[] { link.Id.ToString("D"), link.Id.ToString("N"), link.Id.ToString("B"), link.Id.ToString("D").ToUpperInvariant(), link.PeerName })
        {
            var found = await Store.FindLinkAsync(key, Ct);
            Assert.True(found is not null, $"not found by '{key}'");
            Assert.Equal(link.Id, found.Id);
        }
    }

    [Fact]
    public async Task Link_RoundTrips_EveryField()
    {
        var link = NewLink() with { PeerEndpoints = ["http://10.0.0.7:7400/", "https://bravo.example:7400/"] };
        await Store.CreateLinkAsync(link, Ct);

        var found = await Store.FindLinkAsync(link.PeerName, Ct);

        Assert.NotNull(found);
        Assert.Equal(link.Id, found.Id);
        Assert.Equal(link.PeerSigningKey, found.PeerSigningKey);
        Assert.Equal(link.PeerAgreementKey, found.PeerAgreementKey);
        Assert.Equal(link.PeerEndpoints, found.PeerEndpoints);
        Assert.Equal(link.SafetyNumber, found.SafetyNumber);
        Assert.Equal(link.CreatedAt, found.CreatedAt);
        Assert.Contains(await Store.GetLinksAsync(Ct), l => l.Id == link.Id);
    }

    [Fact]
    public async Task Link_NotStored_IsNotFound()
    {
        Assert.Null(await Store.FindLinkAsync(Guid.NewGuid().ToString("D"), Ct));
        Assert.Null(await Store.FindLinkAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], Ct));
    }

    [Fact]
    public async Task Link_WithAPeerNameAlreadyLinked_IsRefused()
    {
        var link = NewLink();
        await Store.CreateLinkAsync(link, Ct);
        var duplicate = NewLink() with { PeerName = link.PeerName };

        await Assert.ThrowsAsync<StorageException>(() => Store.CreateLinkAsync(duplicate, Ct));

        Assert.Null(await Store.FindLinkAsync(duplicate.Id.ToString("D"), Ct));
        Assert.Equal(link.Id, (await Store.FindLinkAsync(link.PeerName, Ct))?.Id);
    }

    [Fact]
    public async Task TouchLink_MovesLastContactForward_NeverBack()
    {
        var link = await CreateLinkAsync();

        await Store.TouchLinkAsync(link.Id, T0.AddHours(2), Ct);
        await Store.TouchLinkAsync(link.Id, T0.AddHours(1), Ct);

        Assert.Equal(T0.AddHours(2), (await Store.FindLinkAsync(link.PeerName, Ct))?.LastContactAt);
    }

    // ---- outbox ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ClaimReady_ReturnsHigherPrecedenceFirst_ThenSubmitOrder()
    {
        var link = await CreateLinkAsync();
        var routine1 = Item(link, Precedence.Routine);
        var priority1 = Item(link, Precedence.Priority);
        var routine2 = Item(link, Precedence.Routine);
        await Store.AppendToOutboxAsync([routine1, priority1, routine2], T0, Ct);
        var flash = Item(link, Precedence.Flash);
        var priority2 = Item(link, Precedence.Priority);
        var immediate = Item(link, Precedence.Immediate);
        await Store.AppendToOutboxAsync([flash, priority2, immediate], T0.AddSeconds(1), Ct);

        var ready = await Store.ClaimReadyAsync(link.Id, 100, Ct);

        Assert.Equal([flash.EnvelopeId, immediate.EnvelopeId, priority1.EnvelopeId, priority2.EnvelopeId, routine1.EnvelopeId, routine2.EnvelopeId],
            ready.Select(i => i.EnvelopeId));
    }

    [Fact]
    public async Task ClaimReady_ReturnsAtMostMax_OfThatLinkOnly()
    {
        var link = await CreateLinkAsync();
        var other = await CreateLinkAsync();
        var items = Enumerable.Range(0, 5).Select(_ => Item(link, Precedence.Routine)).ToList();
        await Store.AppendToOutboxAsync([Item(other, Precedence.Flash), .. items], T0, Ct);

        var ready = await Store.ClaimReadyAsync(link.Id, 3, Ct);

        Assert.Equal(items.Take(3).Select(i => i.EnvelopeId), ready.Select(i => i.EnvelopeId));
    }

    [Fact]
    public async Task OutboxItem_RoundTrips_EveryField()
    {
        var link = await CreateLinkAsync();
        var item = new OutboxItem(Guid.NewGuid(), link.Id, Precedence.Immediate, 7, T0.AddMilliseconds(123), "ops desk", "field team 2", RandomNumberGenerator.GetBytes(300));
        await Store.AppendToOutboxAsync([item], T0.AddSeconds(5), Ct);

        var ready = Assert.Single(await Store.ClaimReadyAsync(link.Id, 10, Ct));
        var listed = Assert.Single(await Store.GetOutboxAsync(link.Id, 0, 10, Ct));

        Assert.Equal(item.EnvelopeId, ready.EnvelopeId);
        Assert.Equal(item.LinkId, ready.LinkId);
        Assert.Equal(item.Precedence, ready.Precedence);
        Assert.Equal(item.Type, ready.Type);
        Assert.Equal(item.CreatedAt, ready.CreatedAt);
        Assert.Equal(item.From, ready.From);
        Assert.Equal(item.To, ready.To);
        Assert.Equal(item.SealedBody, ready.SealedBody);
        Assert.Equal(new OutboxEntry(item.EnvelopeId, link.Id, null, Precedence.Immediate, T0.AddSeconds(5), null, null), listed);
    }

    [Fact]
    public async Task Outbox_PagesWithOffsetAndLimit_InSubmitOrder()
    {
        var link = await CreateLinkAsync();
        var items = Enumerable.Range(0, 5).Select(i => Item(link, (Precedence)(i % 4))).ToList();
        await Store.AppendToOutboxAsync(items, T0, Ct);

        var page = await Store.GetOutboxAsync(link.Id, 1, 3, Ct);

        Assert.Equal(items.Skip(1).Take(3).Select(i => i.EnvelopeId), page.Select(e => e.EnvelopeId));
    }

    // ---- sent batches ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task StoreSentBatch_SequencesItsItems_AndStoresEntriesFrontierAndCheckpoint()
    {
        var link = await CreateLinkAsync();
        var transcript = new TestTranscript(link.Id, "alpha");
        var items = await QueueAsync(link, 3);
        var (rows, frontier, note) = transcript.Append([items[2].EnvelopeId, items[0].EnvelopeId]);

        await Store.StoreSentBatchAsync(new SequencedBatch(link.Id, 0, rows, frontier, note, T0.AddMinutes(1)), Ct);

        var outbox = (await Store.GetOutboxAsync(link.Id, 0, 10, Ct)).ToDictionary(e => e.EnvelopeId);
        Assert.Equal((0L, T0.AddMinutes(1)), (outbox[items[2].EnvelopeId].Sequence, outbox[items[2].EnvelopeId].SentAt));
        Assert.Equal((1L, T0.AddMinutes(1)), (outbox[items[0].EnvelopeId].Sequence, outbox[items[0].EnvelopeId].SentAt));
        Assert.Null(outbox[items[1].EnvelopeId].Sequence);
        Assert.Null(outbox[items[1].EnvelopeId].DeliveredAt);
        Assert.Equal([items[1].EnvelopeId], (await Store.ClaimReadyAsync(link.Id, 10, Ct)).Select(i => i.EnvelopeId));
        Assert.Equal(frontier, await Store.GetFrontierAsync(link.Id, LogDirection.Outbound, Ct));
        Assert.Equal(new StoredCheckpoint(2, note), await Store.GetCheckpointAsync(link.Id, LogDirection.Outbound, 2, Ct));
        var entries = await Store.GetEntriesAsync(link.Id, LogDirection.Outbound, 0, 2, Ct);
        Assert.Equal(rows.Select(r => r.Entry), entries.Select(e => e.Entry));
        Assert.Equal([0L, 1L], entries.Select(e => e.Sequence));
        Assert.Equal(rows.Select(r => r.EnvelopeId), entries.Select(e => e.EnvelopeId));
        Assert.Equal(rows.Select(r => r.LeafHash), await Store.GetLeafHashesAsync(link.Id, LogDirection.Outbound, 0, 2, Ct));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task StoreSentBatch_NotStartingAtTheCurrentSize_IsAConflict_AndWritesNothing(long start)
    {
        var link = await CreateLinkAsync();
        var transcript = new TestTranscript(link.Id, "alpha");
        var items = await QueueAsync(link, 4);
        var (rows, frontier, note) = transcript.Append([items[0].EnvelopeId, items[1].EnvelopeId]);
        await Store.StoreSentBatchAsync(new SequencedBatch(link.Id, 0, rows, frontier, note, T0), Ct);
        var (staleRows, staleFrontier, staleNote) = transcript.Append([items[2].EnvelopeId, items[3].EnvelopeId]);

        await Assert.ThrowsAsync<TranscriptConflictException>(
            () => Store.StoreSentBatchAsync(new SequencedBatch(link.Id, start, staleRows, staleFrontier, staleNote, T0.AddMinutes(1)), Ct));

        Assert.Equal(frontier, await Store.GetFrontierAsync(link.Id, LogDirection.Outbound, Ct));
        Assert.Equal(2, (await Store.GetEntriesAsync(link.Id, LogDirection.Outbound, 0, 100, Ct)).Count);
        Assert.Null(await Store.GetNextCheckpointAsync(link.Id, LogDirection.Outbound, 2, Ct));
        Assert.Equal([items[2].EnvelopeId, items[3].EnvelopeId], (await Store.ClaimReadyAsync(link.Id, 10, Ct)).Select(i => i.EnvelopeId));
    }

    [Fact]
    public async Task StoreSentBatch_OnAnEmptyTranscript_NotStartingAtZero_IsAConflict()
    {
        var link = await CreateLinkAsync();
        var items = await QueueAsync(link, 1);
        var (rows, frontier, note) = new TestTranscript(link.Id, "alpha").Append([items[0].EnvelopeId]);

        await Assert.ThrowsAsync<TranscriptConflictException>(
            () => Store.StoreSentBatchAsync(new SequencedBatch(link.Id, 1, rows, frontier, note, T0), Ct));

        Assert.Null(await Store.GetFrontierAsync(link.Id, LogDirection.Outbound, Ct));
        Assert.Null((await Store.GetOutboxAsync(link.Id, 0, 10, Ct)).Single().Sequence);
    }

    [Fact]
    public async Task StoreSentBatch_OfAnItemAlreadySequenced_IsAConflict_AndWritesNothing()
    {
        var link = await CreateLinkAsync();
        var transcript = new TestTranscript(link.Id, "alpha");
        var items = await QueueAsync(link, 2);
        var (rows, frontier, note) = transcript.Append([items[0].EnvelopeId]);
        await Store.StoreSentBatchAsync(new SequencedBatch(link.Id, 0, rows, frontier, note, T0), Ct);
        var (again, againFrontier, againNote) = transcript.Append([items[1].EnvelopeId, items[0].EnvelopeId]);

        await Assert.ThrowsAsync<TranscriptConflictException>(
            () => Store.StoreSentBatchAsync(new SequencedBatch(link.Id, 1, again, againFrontier, againNote, T0.AddMinutes(1)), Ct));

        Assert.Equal(frontier, await Store.GetFrontierAsync(link.Id, LogDirection.Outbound, Ct));
        Assert.Single(await Store.GetEntriesAsync(link.Id, LogDirection.Outbound, 0, 100, Ct));
        Assert.Null((await Store.GetOutboxAsync(link.Id, 0, 10, Ct)).Single(e => e.EnvelopeId == items[1].EnvelopeId).Sequence);
        Assert.Null(await Store.GetCheckpointAsync(link.Id, LogDirection.Outbound, 3, Ct));
    }

    // ---- receipts -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task StoreReceipt_MarksExactlyTheEntriesBelowItsSizeDelivered()
    {
        var (link, items, notes) = await SentLinkAsync(2, 3);

        await Store.StoreReceiptAsync(link.Id, new StoredReceipt(2, notes[2], "\u2014 hotline/node/bravo cosig-2\n"), T0.AddMinutes(5), Ct);

        var outbox = await Store.GetOutboxAsync(link.Id, 0, 10, Ct);
        Assert.Equal([T0.AddMinutes(5), T0.AddMinutes(5), null, null, null], outbox.Select(e => e.DeliveredAt));
        Assert.Equal(new StoredReceipt(2, notes[2], "\u2014 hotline/node/bravo cosig-2\n"), await Store.GetLatestReceiptAsync(link.Id, LogDirection.Outbound, Ct));
        var backlog = Assert.Single(await Store.GetBacklogsAsync(Ct), b => b.LinkId == link.Id);
        Assert.Equal(3, backlog.Undelivered);
        Assert.Equal(items.Count, outbox.Count);
    }

    [Fact]
    public async Task StoreReceipt_OfTheWholeTranscript_LeavesNoBacklog()
    {
        var (link, _, notes) = await SentLinkAsync(2, 3);
        await Store.StoreReceiptAsync(link.Id, new StoredReceipt(2, notes[2], "cosig-2"), T0.AddMinutes(5), Ct);

        await Store.StoreReceiptAsync(link.Id, new StoredReceipt(5, notes[5], "cosig-5"), T0.AddMinutes(6), Ct);

        var outbox = await Store.GetOutboxAsync(link.Id, 0, 10, Ct);
        Assert.Equal([T0.AddMinutes(5), T0.AddMinutes(5), T0.AddMinutes(6), T0.AddMinutes(6), T0.AddMinutes(6)], outbox.Select(e => e.DeliveredAt));
        Assert.DoesNotContain(await Store.GetBacklogsAsync(Ct), b => b.LinkId == link.Id);
        Assert.Equal(5, (await Store.GetLatestReceiptAsync(link.Id, LogDirection.Outbound, Ct))?.Size);
    }

    [Fact]
    public async Task StoreReceipt_Again_IsIdempotent()
    {
        var (link, _, notes) = await SentLinkAsync(2, 3);
        await Store.StoreReceiptAsync(link.Id, new StoredReceipt(2, notes[2], "cosig-2"), T0.AddMinutes(5), Ct);
        var before = await Store.GetOutboxAsync(link.Id, 0, 10, Ct);

        await Store.StoreReceiptAsync(link.Id, new StoredReceipt(2, notes[2], "cosig-2"), T0.AddMinutes(9), Ct);

        Assert.Equal(before, await Store.GetOutboxAsync(link.Id, 0, 10, Ct));
        Assert.Equal(new StoredReceipt(2, notes[2], "cosig-2"), await Store.GetLatestReceiptAsync(link.Id, LogDirection.Outbound, Ct));
    }

    [Fact]
    public async Task StoreReceipt_OlderThanTheLatest_ChangesNothing()
    {
        var (link, _, notes) = await SentLinkAsync(2, 3);
        await Store.StoreReceiptAsync(link.Id, new StoredReceipt(5, notes[5], "cosig-5"), T0.AddMinutes(5), Ct);
        var before = await Store.GetOutboxAsync(link.Id, 0, 10, Ct);

        await Store.StoreReceiptAsync(link.Id, new StoredReceipt(2, notes[2], "cosig-2"), T0.AddMinutes(9), Ct);

        Assert.Equal(before, await Store.GetOutboxAsync(link.Id, 0, 10, Ct));
        Assert.Equal(new StoredReceipt(5, notes[5], "cosig-5"), await Store.GetLatestReceiptAsync(link.Id, LogDirection.Outbound, Ct));
    }

    [Fact]
    public async Task Backlog_CountsUndeliveredItems_WithTheOldestSubmitTime()
    {
        var link = await CreateLinkAsync();
        await Store.AppendToOutboxAsync([Item(link, Precedence.Routine)], T0.AddMinutes(1), Ct);
        await Store.AppendToOutboxAsync([Item(link, Precedence.Flash), Item(link, Precedence.Flash)], T0.AddMinutes(2), Ct);

        var backlog = Assert.Single(await Store.GetBacklogsAsync(Ct), b => b.LinkId == link.Id);

        Assert.Equal(new LinkBacklog(link.Id, 3, T0.AddMinutes(1)), backlog);
    }

    // ---- received batches and the inbox --------------------------------------------------------------------------

    [Fact]
    public async Task StoreReceivedBatch_AppendsToTheInbox_WithItsCheckpointAndReceipt()
    {
        var link = await CreateLinkAsync();
        var transcript = new TestTranscript(link.Id, link.PeerName);
        var (rows, frontier, note) = transcript.Append([Guid.NewGuid(), Guid.NewGuid()]);

        await Store.StoreReceivedBatchAsync(new ReceivedBatch(link.Id, 0, rows, frontier, note, "cosig-2", T0.AddMinutes(3)), Ct);

        var inbox = await Store.GetInboxAsync(link.Id, -1, 10, Ct);
        Assert.Equal(rows.Select((r, i) => (link.Id, (long)i, r.EnvelopeId, Convert.ToHexString(r.Entry), T0.AddMinutes(3))),
            inbox.Select(e => (e.LinkId, e.Sequence, e.EnvelopeId, Convert.ToHexString(e.Entry), e.StoredAt)));
        Assert.Equal(frontier, await Store.GetFrontierAsync(link.Id, LogDirection.Inbound, Ct));
        Assert.Equal(new StoredCheckpoint(2, note), await Store.GetCheckpointAsync(link.Id, LogDirection.Inbound, 2, Ct));
        Assert.Equal(new StoredReceipt(2, note, "cosig-2"), await Store.GetLatestReceiptAsync(link.Id, LogDirection.Inbound, Ct));
        Assert.Equal(T0.AddMinutes(3), (await Store.FindLinkAsync(link.PeerName, Ct))?.LastContactAt);
    }

    [Fact]
    public async Task StoreReceivedBatch_NotStartingAtTheCurrentSize_IsAConflict_AndWritesNothing()
    {
        var link = await CreateLinkAsync();
        var transcript = new TestTranscript(link.Id, link.PeerName);
        var (rows, frontier, note) = transcript.Append([Guid.NewGuid()]);
        await Store.StoreReceivedBatchAsync(new ReceivedBatch(link.Id, 0, rows, frontier, note, "cosig-1", T0), Ct);
        var (next, nextFrontier, nextNote) = transcript.Append([Guid.NewGuid()]);

        await Assert.ThrowsAsync<TranscriptConflictException>(
            () => Store.StoreReceivedBatchAsync(new ReceivedBatch(link.Id, 0, next, nextFrontier, nextNote, "cosig-2", T0.AddMinutes(1)), Ct));

        Assert.Single(await Store.GetInboxAsync(link.Id, -1, 10, Ct));
        Assert.Equal(frontier, await Store.GetFrontierAsync(link.Id, LogDirection.Inbound, Ct));
        Assert.Equal(1, (await Store.GetLatestReceiptAsync(link.Id, LogDirection.Inbound, Ct))?.Size);
        Assert.Null(await Store.GetCheckpointAsync(link.Id, LogDirection.Inbound, 2, Ct));
    }

    [Fact]
    public async Task Inbox_PagesWithAfterAndLimit()
    {
        var link = await CreateLinkAsync();
        var transcript = new TestTranscript(link.Id, link.PeerName);
        for (var batch = 0; batch < 3; batch++)
        {
            var start = transcript.Size;
            var (rows, frontier, note) = transcript.Append([Guid.NewGuid(), Guid.NewGuid()]);
            await Store.StoreReceivedBatchAsync(new ReceivedBatch(link.Id, start, rows, frontier, note, $"cosig-{transcript.Size}", T0.AddMinutes(batch)), Ct);
        }

        Assert.Equal([0L, 1L, 2L], (await Store.GetInboxAsync(link.Id, -1, 3, Ct)).Select(e => e.Sequence));
        Assert.Equal([3L, 4L], (await Store.GetInboxAsync(link.Id, 2, 2, Ct)).Select(e => e.Sequence));
        Assert.Equal([5L], (await Store.GetInboxAsync(link.Id, 4, 100, Ct)).Select(e => e.Sequence));
        Assert.Empty(await Store.GetInboxAsync(link.Id, 5, 100, Ct));
        Assert.Equal(6, (await Store.GetLatestReceiptAsync(link.Id, LogDirection.Inbound, Ct))?.Size);
        Assert.Equal("cosig-6", (await Store.GetLatestReceiptAsync(link.Id, LogDirection.Inbound, Ct))?.Cosignature);
    }

    [Fact]
    public async Task Inbox_OfAllLinks_IsOrderedByLinkThenSequence_AndHoldsNoOutboundEntries()
    {
        await using var store = await OpenAsync("inbox-all", Ct);
        var links = new List<LinkRecord>();
        for (var i = 0; i < 3; i++)
        {
            var link = NewLink();
            await store.CreateLinkAsync(link, Ct);
            links.Add(link);
            var (rows, frontier, note) = new TestTranscript(link.Id, link.PeerName).Append([Guid.NewGuid(), Guid.NewGuid()]);
            await store.StoreReceivedBatchAsync(new ReceivedBatch(link.Id, 0, rows, frontier, note, "cosig", T0), Ct);
            var item = Item(link, Precedence.Routine);
            await store.AppendToOutboxAsync([item], T0, Ct);
            var (sent, sentFrontier, sentNote) = new TestTranscript(link.Id, "alpha").Append([item.EnvelopeId]);
            await store.StoreSentBatchAsync(new SequencedBatch(link.Id, 0, sent, sentFrontier, sentNote, T0), Ct);
        }

        var inbox = await store.GetInboxAsync(null, -1, 100, Ct);

        var expected = links.OrderBy(l => l.Id.ToString("D"), StringComparer.Ordinal).SelectMany(l => new[] { (l.Id, 0L), (l.Id, 1L) });
        Assert.Equal(expected, inbox.Select(e => (e.LinkId, e.Sequence)));
        Assert.Equal(4, (await store.GetInboxAsync(null, -1, 4, Ct)).Count);
    }

    // ---- checkpoints ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task GetNextCheckpoint_IsTheSmallestStoredSizeAboveTheGivenOne()
    {
        var (link, _, notes) = await SentLinkAsync(2, 3, 4);

        Assert.Equal(new StoredCheckpoint(2, notes[2]), await Store.GetNextCheckpointAsync(link.Id, LogDirection.Outbound, 0, Ct));
        Assert.Equal(new StoredCheckpoint(5, notes[5]), await Store.GetNextCheckpointAsync(link.Id, LogDirection.Outbound, 2, Ct));
        Assert.Equal(new StoredCheckpoint(5, notes[5]), await Store.GetNextCheckpointAsync(link.Id, LogDirection.Outbound, 3, Ct));
        Assert.Equal(new StoredCheckpoint(9, notes[9]), await Store.GetNextCheckpointAsync(link.Id, LogDirection.Outbound, 5, Ct));
        Assert.Null(await Store.GetNextCheckpointAsync(link.Id, LogDirection.Outbound, 9, Ct));
        Assert.Null(await Store.GetNextCheckpointAsync(link.Id, LogDirection.Inbound, 0, Ct));
    }

    [Fact]
    public async Task GetCheckpoint_IsOnlyTheExactSize()
    {
        var (link, _, notes) = await SentLinkAsync(2, 3);

        Assert.Equal(new StoredCheckpoint(5, notes[5]), await Store.GetCheckpointAsync(link.Id, LogDirection.Outbound, 5, Ct));
        Assert.Null(await Store.GetCheckpointAsync(link.Id, LogDirection.Outbound, 3, Ct));
        Assert.Null(await Store.GetCheckpointAsync(link.Id, LogDirection.Inbound, 5, Ct));
    }

    // ---- durability -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task EverythingWritten_IsThere_AfterTheStoreIsDisposedAndReopened()
    {
        var identity = Identity("alpha");
        var link = NewLink();
        var secret = RandomNumberGenerator.GetBytes(32);
        var invitation = new InvitationRecord(Guid.NewGuid(), Hash(secret), T0, T0.AddHours(1));
        var items = Enumerable.Range(0, 4).Select(_ => Item(link, Precedence.Priority)).ToList();
        var outbound = new TestTranscript(link.Id, identity.Name);
        var inbound = new TestTranscript(link.Id, link.PeerName);
        var (sent, sentFrontier, sentNote) = outbound.Append([items[0].EnvelopeId, items[1].EnvelopeId, items[2].EnvelopeId]);
        var (received, receivedFrontier, receivedNote) = inbound.Append([Guid.NewGuid(), Guid.NewGuid()]);

        var store = await OpenAsync("durable", Ct);
        await using (store)
        {
            await InitializeIdentityAsync(store, identity, Ct);
            await store.CreateInvitationAsync(invitation, Ct);
            await store.CreateLinkAsync(link, Ct);
            await store.AppendToOutboxAsync(items, T0, Ct);
            await store.StoreSentBatchAsync(new SequencedBatch(link.Id, 0, sent, sentFrontier, sentNote, T0.AddMinutes(1)), Ct);
            await store.StoreReceiptAsync(link.Id, new StoredReceipt(3, sentNote, "cosig-out-3"), T0.AddMinutes(2), Ct);
            await store.StoreReceivedBatchAsync(new ReceivedBatch(link.Id, 0, received, receivedFrontier, receivedNote, "cosig-in-2", T0.AddMinutes(3)), Ct);
        }

        await using var reopened = await OpenAsync("durable", Ct);

        Assert.Equal("alpha", (await reopened.GetIdentityAsync(Ct)).Name);
        Assert.Equal(link.PeerName, (await reopened.FindLinkAsync(link.Id.ToString("D"), Ct))?.PeerName);
        var outbox = await reopened.GetOutboxAsync(link.Id, 0, 10, Ct);
        Assert.Equal(items.Select(i => i.EnvelopeId), outbox.Select(e => e.EnvelopeId));
        Assert.Equal([0L, 1L, 2L, null], outbox.Select(e => e.Sequence));
        Assert.Equal([true, true, true, false], outbox.Select(e => e.DeliveredAt is not null));
        Assert.Equal([items[3].EnvelopeId], (await reopened.ClaimReadyAsync(link.Id, 10, Ct)).Select(i => i.EnvelopeId));
        Assert.Equal(sentFrontier, await reopened.GetFrontierAsync(link.Id, LogDirection.Outbound, Ct));
        Assert.Equal(sent.Select(r => r.Entry), (await reopened.GetEntriesAsync(link.Id, LogDirection.Outbound, 0, 3, Ct)).Select(e => e.Entry));
        Assert.Equal(new StoredReceipt(3, sentNote, "cosig-out-3"), await reopened.GetLatestReceiptAsync(link.Id, LogDirection.Outbound, Ct));
        Assert.Equal(received.Select(r => r.Entry), (await reopened.GetInboxAsync(link.Id, -1, 10, Ct)).Select(e => e.Entry));
        Assert.Equal(receivedFrontier, await reopened.GetFrontierAsync(link.Id, LogDirection.Inbound, Ct));
        Assert.Equal(new StoredReceipt(2, receivedNote, "cosig-in-2"), await reopened.GetLatestReceiptAsync(link.Id, LogDirection.Inbound, Ct));
        // The invitation survived too: unused, it can be claimed now.
        Assert.Equal(InvitationClaim.Claimed, await reopened.ClaimInvitationAsync(invitation.Id, Hash(secret), T0.AddMinutes(4), NewLink(), Ct));
    }

    // Group commit: concurrent writes may share a transaction; one write's failure must not take the others with it.
    [Fact]
    public async Task ConcurrentWrites_OneConflicting_OnlyTheConflictFails_AndEveryOtherWriteIsStored()
    {
        var link = await CreateLinkAsync();
        var transcript = new TestTranscript(link.Id, "alpha");
        var first = await QueueAsync(link, 1);
        var (rows, frontier, note) = transcript.Append([first[0].EnvelopeId]);
        var batches = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 5).Select(_ => Item(link, Precedence.Routine)).ToList()).ToList();

        var conflict = Store.StoreSentBatchAsync(new SequencedBatch(link.Id, 7, rows, frontier, note, T0), Ct);
        var appends = batches.Select(batch => Store.AppendToOutboxAsync(batch, T0, Ct)).ToList();

        await Assert.ThrowsAsync<TranscriptConflictException>(() => conflict);
        await Task.WhenAll(appends);
        var outbox = await Store.GetOutboxAsync(link.Id, 0, 1000, Ct);
        Assert.Equal(1 + (40 * 5), outbox.Count);
        Assert.All(outbox, e => Assert.Null(e.Sequence));
        Assert.Null(await Store.GetFrontierAsync(link.Id, LogDirection.Outbound, Ct));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    protected static NodeIdentity Identity(string name)
        => new(name, RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), "http://127.0.0.1:7400", T0);

    protected static LinkRecord NewLink()
        => new(Guid.NewGuid(), "peer-" + Guid.NewGuid().ToString("N")[..12], RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32),
            ["http://127.0.0.1:7401/"], "12345 67890 12345 67890 12345 67890", T0, null);

    protected static byte[] Hash(byte[] secret) => SHA256.HashData(secret);

    private async Task<LinkRecord> CreateLinkAsync()
    {
        var link = NewLink();
        await Store.CreateLinkAsync(link, Ct);
        return link;
    }

    private async Task<(InvitationRecord Invitation, byte[] Secret)> CreateInvitationAsync(TimeSpan lifetime)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var invitation = new InvitationRecord(Guid.NewGuid(), Hash(secret), T0, T0 + lifetime);
        await Store.CreateInvitationAsync(invitation, Ct);
        return (invitation, secret);
    }

    private async Task AssertNoLinkAsync(LinkRecord link, bool checkName = true)
    {
        Assert.Null(await Store.FindLinkAsync(link.Id.ToString("D"), Ct));
        if (checkName)
        {
            Assert.Null(await Store.FindLinkAsync(link.PeerName, Ct));
        }
    }

    private static OutboxItem Item(LinkRecord link, Precedence precedence)
        => new(Guid.NewGuid(), link.Id, precedence, 1, T0, "", "", RandomNumberGenerator.GetBytes(64));

    private async Task<List<OutboxItem>> QueueAsync(LinkRecord link, int count)
    {
        var items = Enumerable.Range(0, count).Select(_ => Item(link, Precedence.Routine)).ToList();
        await Store.AppendToOutboxAsync(items, T0, Ct);
        return items;
    }

    /// <summary>A link whose outbox was sent in batches of the given sizes; the checkpoint notes by size.</summary>
    private async Task<(LinkRecord Link, List<OutboxItem> Items, Dictionary<long, string> Notes)> SentLinkAsync(params int[] batchSizes)
    {
        var link = await CreateLinkAsync();
        var items = await QueueAsync(link, batchSizes.Sum());
        var transcript = new TestTranscript(link.Id, "alpha");
        var notes = new Dictionary<long, string>();
        foreach (var size in batchSizes)
        {
            var start = transcript.Size;
            var (rows, frontier, note) = transcript.Append(items.Skip((int)start).Take(size).Select(i => i.EnvelopeId).ToList());
            await Store.StoreSentBatchAsync(new SequencedBatch(link.Id, start, rows, frontier, note, T0.AddSeconds(start)), Ct);
            notes[transcript.Size] = note;
        }

        return (link, items, notes);
    }
}
