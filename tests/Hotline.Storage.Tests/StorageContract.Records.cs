using System.Security.Cryptography;
using System.Text;
using Hotline.Protocol;
using Hotline.Protocol.Envelopes;

namespace Hotline.Storage.Tests;

// The hotline's records (typed envelopes' plaintext), our directory, escalation steps and notifications.
public abstract partial class StorageContract
{
    private const ushort RequestType = (ushort)EnvelopeType.ContactRequest;
    private const ushort ActionType = (ushort)EnvelopeType.ContactAction;

    [Fact]
    public async Task AppendRecord_QueuesTheEnvelope_AndKeepsItsRecord_InOneWrite()
    {
        var link = await CreateLinkAsync();
        var id = Guid.CreateVersion7();
        var item = new OutboxItem(id, link.Id, Precedence.Flash, RequestType, T0, "secdef", "cmc-vc", RandomNumberGenerator.GetBytes(64));
        var record = new HotlineRecord(id, link.Id, LogDirection.Outbound, RequestType, T0, id, null, Encoding.UTF8.GetBytes("{\"k\":1}"));

        await Store.AppendRecordAsync(item, record, T0, Ct);

        Assert.Equal(id, Assert.Single(await Store.ClaimReadyAsync(link.Id, 10, Ct)).EnvelopeId);
        var stored = Assert.Single(await Store.GetRecordsAsync(link.Id, [RequestType], Ct));
        Assert.Equal((id, LogDirection.Outbound, RequestType, T0, (Guid?)id, "{\"k\":1}", (string?)null),
            (stored.Record.EnvelopeId, stored.Record.Direction, stored.Record.Type, stored.Record.CreatedAt, stored.Record.Subject,
             Encoding.UTF8.GetString(stored.Record.Body), stored.DeliveryReceipt));
    }

    [Fact]
    public async Task AppendRecord_OfAnEnvelopeIdAlreadyQueued_WritesNeitherPart()
    {
        var link = await CreateLinkAsync();
        var id = Guid.CreateVersion7();
        var item = new OutboxItem(id, link.Id, Precedence.Routine, RequestType, T0, "", "", RandomNumberGenerator.GetBytes(64));
        var record = new HotlineRecord(id, link.Id, LogDirection.Outbound, RequestType, T0, id, null, [1]);
        await Store.AppendRecordAsync(item, record, T0, Ct);

        await Assert.ThrowsAsync<StorageException>(() => Store.AppendRecordAsync(item, record with { Body = [2] }, T0, Ct));

        Assert.Single(await Store.GetOutboxAsync(link.Id, 0, 10, Ct));
        Assert.Equal([1], Assert.Single(await Store.GetRecordsAsync(link.Id, [RequestType], Ct)).Record.Body);
    }

    [Fact]
    public async Task OurOpening_ComesWithTheFirstReceiptCoveringIt()
    {
        var link = await CreateLinkAsync();
        var transcript = new TestTranscript(link.Id, "alpha");
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.CreateVersion7()).ToList();
        foreach (var id in ids)
        {
            await Store.AppendRecordAsync(new OutboxItem(id, link.Id, Precedence.Routine, RequestType, T0, "", "", [0]),
                new HotlineRecord(id, link.Id, LogDirection.Outbound, RequestType, T0, id, null, [0]), T0, Ct);
        }

        var (first, frontier1, note1) = transcript.Append(ids.Take(2).ToList());
        await Store.StoreSentBatchAsync(new SequencedBatch(link.Id, 0, first, frontier1, note1, T0), Ct);
        var (second, frontier2, note2) = transcript.Append(ids.Skip(2).ToList());
        await Store.StoreSentBatchAsync(new SequencedBatch(link.Id, 2, second, frontier2, note2, T0), Ct);
        await Store.StoreReceiptAsync(link.Id, new StoredReceipt(2, note1, "receipt-2"), T0.AddSeconds(1), Ct);
        await Store.StoreReceiptAsync(link.Id, new StoredReceipt(3, note2, "receipt-3"), T0.AddSeconds(2), Ct);

        var records = await Store.GetRecordsAsync(link.Id, [RequestType], Ct);
        Assert.Equal(ids.Select(id => id == ids[2] ? "receipt-3" : "receipt-2"),
            ids.Select(id => records.Single(r => r.Record.EnvelopeId == id).DeliveryReceipt));
    }

    [Fact]
    public async Task ReceivedBatch_StoresItsRecords_AndTheirOpeningsComeWithOurCosignature_ButTheInboxListsOnlyMessages()
    {
        var link = await CreateLinkAsync();
        var transcript = new TestTranscript(link.Id, link.PeerName);
        var (messages, frontier1, note1) = transcript.Append([Guid.CreateVersion7()]);
        await Store.StoreReceivedBatchAsync(new ReceivedBatch(link.Id, 0, messages, frontier1, note1, "cosig-1", T0), Ct);
        transcript.Type = EnvelopeType.ContactRequest;
        var opening = Guid.CreateVersion7();
        var action = Guid.CreateVersion7();
        var (typed, frontier2, note2) = transcript.Append([opening, action]);
        await Store.StoreReceivedBatchAsync(new ReceivedBatch(link.Id, 1, typed, frontier2, note2, "cosig-3", T0.AddSeconds(5))
        {
            Records =
            [
                new HotlineRecord(opening, link.Id, LogDirection.Inbound, RequestType, T0, opening, 1, [1]),
                new HotlineRecord(action, link.Id, LogDirection.Inbound, ActionType, T0.AddSeconds(1), opening, 2, [2]),
            ],
        }, Ct);

        Assert.Equal(messages[0].EnvelopeId, Assert.Single(await Store.GetInboxAsync(link.Id, -1, 10, Ct)).EnvelopeId);
        var records = await Store.GetSubjectRecordsAsync(opening.ToString("D"), Ct);
        Assert.Equal([(opening, "cosig-3"), (action, (string?)null)], records.Select(r => (r.Record.EnvelopeId, r.DeliveryReceipt)));
        Assert.Equal([2L], (await Store.GetRecordsAsync(null, [ActionType], Ct)).Where(r => r.Record.LinkId == link.Id).Select(r => r.Record.Sequence!.Value));
    }

    [Fact]
    public async Task SubjectRecords_AreFoundByAnUnambiguousStartOrEnd_Only()
    {
        var link = await CreateLinkAsync();
        var id = Guid.NewGuid();
        await Store.AppendRecordAsync(new OutboxItem(id, link.Id, Precedence.Routine, RequestType, T0, "", "", [0]),
            new HotlineRecord(id, link.Id, LogDirection.Outbound, RequestType, T0, id, null, [0]), T0, Ct);

        Assert.Single(await Store.GetSubjectRecordsAsync(id.ToString("D")[..13], Ct));
        Assert.Single(await Store.GetSubjectRecordsAsync(id.ToString("N")[..10].ToUpperInvariant(), Ct));
        Assert.Single(await Store.GetSubjectRecordsAsync(id.ToString("N")[^8..], Ct));
        Assert.Empty(await Store.GetSubjectRecordsAsync("zz", Ct));
        Assert.Empty(await Store.GetSubjectRecordsAsync(Guid.NewGuid().ToString("D"), Ct));
    }

    [Fact]
    public async Task OwnDirectory_OnlyMovesToHigherVersions()
    {
        await using var store = await OpenAsync("directory", Ct);
        Assert.Null(await store.GetOwnDirectoryAsync(Ct));
        await store.SaveOwnDirectoryAsync(new OwnDirectory(1, [1], T0, "a"), Ct);
        await store.SaveOwnDirectoryAsync(new OwnDirectory(2, [2], T0.AddMinutes(1), "b"), Ct);

        await Assert.ThrowsAsync<StorageException>(() => store.SaveOwnDirectoryAsync(new OwnDirectory(2, [9], T0, "c"), Ct));

        var stored = await store.GetOwnDirectoryAsync(Ct);
        Assert.Equal((2L, "b", T0.AddMinutes(1)), (stored!.Version, stored.UpdatedBy, stored.UpdatedAt));
        Assert.Equal([2], stored.Document);
    }

    [Fact]
    public async Task EscalationStep_IsRecordedOnce_WithItsNotification()
    {
        await using var store = await OpenAsync("escalation", Ct);
        var request = Guid.NewGuid();
        var notification = new NotificationRecord(0, T0, "escalation", null, request, "role:watch-officer", "step 1");

        var first = await store.RecordEscalationStepAsync(new EscalationStepTaken(request, 1, T0, T0), notification, Ct);
        var again = await store.RecordEscalationStepAsync(new EscalationStepTaken(request, 1, T0, T0.AddSeconds(1)), notification with { Text = "again" }, Ct);

        Assert.True(first > 0);
        Assert.Equal(0, again);
        Assert.Equal((request, 1), Assert.Single(await store.GetEscalationStepsAsync(Ct)) is var s ? (s.Request, s.Step) : default);
        Assert.Equal(["step 1"], (await store.GetNotificationsAsync(0, 10, Ct)).Select(n => n.Text));
    }

    [Fact]
    public async Task Notification_WithAOnceKey_IsAddedOnce_AndPagesAfterAnId()
    {
        await using var store = await OpenAsync("notifications", Ct);
        var n = new NotificationRecord(0, T0, "overdue", Guid.NewGuid(), Guid.NewGuid(), "a.smith", "overdue");
        var id1 = await store.AddNotificationAsync(n, "overdue:ack:1", Ct);
        var repeat = await store.AddNotificationAsync(n, "overdue:ack:1", Ct);
        var id2 = await store.AddNotificationAsync(n with { Text = "free" }, null, Ct);
        var id3 = await store.AddNotificationAsync(n with { Text = "free" }, null, Ct);

        Assert.Equal(0, repeat);
        Assert.True(id1 < id2 && id2 < id3);
        Assert.Equal([id2, id3], (await store.GetNotificationsAsync(id1, 10, Ct)).Select(x => x.Id));
        var read = (await store.GetNotificationsAsync(0, 1, Ct)).Single();
        Assert.Equal(n with { Id = id1 }, read);
    }
}
