using System.Security.Cryptography;
using Hotline.Domain;
using Hotline.Domain.ContactRequests;
using Hotline.Domain.Deadlines;
using Hotline.Domain.Directory;
using Hotline.Domain.Wire;
using Hotline.Node.Api;
using Hotline.Node.Contacts;
using Hotline.Node.Escalation;
using Hotline.Protocol;
using Hotline.Protocol.Envelopes;
using Hotline.Storage;
using Hotline.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Node.Tests;

/// <summary>
/// The deadline monitor under a fake clock, over a real store: escalation steps fall due exactly at their moments,
/// each is taken once, a late arrival catches up in order, an acknowledgment stops the escalation, and a missed
/// deadline raises one alarm however often the monitor looks.
/// </summary>
public sealed class DeadlineMonitorTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-29T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly string _path = Path.Combine(Path.GetTempPath(), "hotline-monitor-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;
    private NodeRuntime _runtime = null!;
    private LinkRecord _link = null!;
    private long _inbound;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DeadlineMonitor Monitor => _services.GetRequiredService<DeadlineMonitor>();

    public async ValueTask InitializeAsync()
    {
        await NodeHost.InitAsync(new InitRequest(_path, "hq", "http://127.0.0.1:1"), Ct);
        var data = new DataDirectory(_path);
        var (signing, agreement) = data.ReadKeys();
        var store = await SqliteNodeStore.OpenAsync(data.DatabasePath, new SqliteStoreOptions(), Ct);
        _runtime = new NodeRuntime(data, await store.GetIdentityAsync(Ct), signing, agreement, store);
        _link = new LinkRecord(Guid.CreateVersion7(), "peer", RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), ["http://127.0.0.1:1/"], "", T0, null);
        await store.CreateLinkAsync(_link, Ct);

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddLogging();
        services.AddHotlineNode(_runtime);
        services.Configure<HotlineOptions>(o => o.Escalation =
        [
            new() { Roles = ["watch-officer"], Wait = TimeSpan.FromMinutes(5) },
            new() { Roles = ["duty-director"], Wait = TimeSpan.FromMinutes(10) },
            new() { Operators = ["minister.office"] },
        ]);
        _services = services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _runtime.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_path, recursive: true);
    }

    [Fact]
    public async Task Steps_FallDueAtTheirMoments_AndAreTakenOnce()
    {
        var id = await ReceiveRequestAsync(T0, Precedence.Immediate);

        await Monitor.CheckAsync(Ct);
        Assert.Equal(["role:watch-officer"], await StepsAsync(id));

        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        await Monitor.CheckAsync(Ct);
        await Monitor.CheckAsync(Ct);
        Assert.Equal(["role:watch-officer"], await StepsAsync(id));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await Monitor.CheckAsync(Ct);
        Assert.Equal(["role:watch-officer", "role:duty-director"], await StepsAsync(id));

        _clock.Advance(TimeSpan.FromMinutes(10));
        await Monitor.CheckAsync(Ct);
        _clock.Advance(TimeSpan.FromHours(1));
        await Monitor.CheckAsync(Ct);
        Assert.Equal(["role:watch-officer", "role:duty-director", "minister.office"], await StepsAsync(id));
    }

    [Fact]
    public async Task ARequestArrivingLate_TakesEveryStepAlreadyDue_InOrder()
    {
        var id = await ReceiveRequestAsync(T0.AddMinutes(-20), Precedence.Routine);

        await Monitor.CheckAsync(Ct);

        Assert.Equal(["role:watch-officer", "role:duty-director", "minister.office"], await StepsAsync(id));
    }

    [Fact]
    public async Task Acknowledgment_StopsTheEscalation()
    {
        var id = await ReceiveRequestAsync(T0, Precedence.Flash);
        await Monitor.CheckAsync(Ct);
        _clock.Advance(TimeSpan.FromMinutes(1));

        var acknowledged = await _services.GetRequiredService<ContactRequestService>()
            .ActAsync(id.ToString("D"), new RequestActionDto("ack"), "watch.officer", Ct);
        Assert.Equal(ContactRequestState.Acknowledged, acknowledged.Request.State);

        _clock.Advance(TimeSpan.FromHours(1));
        await Monitor.CheckAsync(Ct);
        Assert.Equal(["role:watch-officer"], await StepsAsync(id));
        Assert.DoesNotContain(await NotificationsAsync(), n => n.Kind == "overdue");
    }

    [Fact]
    public async Task AMissedDeadline_RaisesOneAlarm_JustAfterIt()
    {
        var id = await ReceiveRequestAsync(T0, Precedence.Flash);
        _clock.Advance(TimeSpan.FromMinutes(10));
        await Monitor.CheckAsync(Ct);
        Assert.DoesNotContain(await NotificationsAsync(), n => n.Kind == "overdue");

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await Monitor.CheckAsync(Ct);
        await Monitor.CheckAsync(Ct);

        var alarm = Assert.Single(await NotificationsAsync(), n => n.Kind == "overdue");
        Assert.Equal(id, alarm.Subject);
        Assert.Contains("not given the acknowledgment due 2026-11-29 08:10:00Z", alarm.Text, StringComparison.Ordinal);
    }

    /// <summary>Stores a request from the peer as a received batch would, sent at <paramref name="sentAt"/>.</summary>
    private async Task<Guid> ReceiveRequestAsync(DateTimeOffset sentAt, Precedence precedence)
    {
        var id = Guid.CreateVersion7(sentAt);
        var entry = new Envelope(_link.Id, id, _inbound, precedence, EnvelopeType.ContactRequest, sentAt, _link.PeerSigningKey, "", "", [0]).Encode();
        await _runtime.Store.StoreReceivedBatchAsync(
            new ReceivedBatch(_link.Id, _inbound, [(id, entry, new byte[32])], new byte[32], "checkpoint", "cosignature", _clock.GetUtcNow())
            {
                Records = [new HotlineRecord(id, _link.Id, LogDirection.Inbound, (ushort)EnvelopeType.ContactRequest, sentAt, id, _inbound, PeerRequests.Body(_link.Id, id, precedence, sentAt, "secdef", "cmc-vc", "Crisis communications"))],
            }, Ct);
        _inbound++;
        return id;
    }

    private async Task<List<NotificationRecord>> NotificationsAsync() => [.. await _runtime.Store.GetNotificationsAsync(0, 1000, Ct)];

    private async Task<List<string>> StepsAsync(Guid request)
        => [.. (await NotificationsAsync()).Where(n => n.Kind == "escalation" && n.Subject == request).Select(n => n.Recipients)];
}
