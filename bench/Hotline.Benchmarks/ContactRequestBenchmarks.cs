using BenchmarkDotNet.Attributes;
using Hotline.Domain;
using Hotline.Domain.ContactRequests;
using Hotline.Domain.Deadlines;
using Hotline.Domain.Directory;
using Hotline.Domain.Wire;
using Hotline.Protocol;

namespace Hotline.Benchmarks;

/// <summary>
/// What listing contact requests costs: a request's state is never stored but replayed from its records, so each
/// listing decodes the opening and every action body (JSON) and runs the state machine over them. One request with a
/// typical history of four actions (ack, counter, accept, complete) plus derived delivery.
/// </summary>
[MemoryDiagnoser]
public class ContactRequestBenchmarks
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-29T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly Guid _id = Guid.CreateVersion7(T0);
    private readonly LinkId _link = new(Guid.CreateVersion7(T0));
    private byte[] _opening = null!;
    private List<(byte[] Body, Side Side, DateTimeOffset At, Guid Envelope)> _actions = null!;

    [GlobalSetup]
    public void Setup()
    {
        var request = new ContactRequest
        {
            Id = new ContactRequestId(_id),
            Link = _link,
            From = new PositionId("secdef"),
            To = new PositionId("cmc-vc"),
            Kind = ContactKind.Call,
            Purpose = "Crisis communications after the incident in the South China Sea",
            Precedence = Precedence.Immediate,
            SentAt = T0,
            SentBy = "us.watch.hayes",
            Deadlines = DeadlinePolicy.Default.Stamp(Precedence.Immediate, T0),
            Engagement = new EngagementRef(new EngagementId(Guid.CreateVersion7(T0)), 2),
            State = ContactRequestState.Sent,
        };
        _opening = WireCodec.Encode(request);
        ContactAction[] actions =
        [
            new ContactAction.Acknowledge("prc.watch.zhang"),
            new ContactAction.Counter("prc.watch.zhang", new PositionId("mnd"), null, "The Minister of National Defense is the appropriate counterpart."),
            new ContactAction.Accept("us.watch.hayes", T0.AddHours(2), "Defense Telephone Link (voice)"),
            new ContactAction.Complete("us.watch.hayes", "Call held; both sides agreed to keep military channels open."),
        ];
        _actions = [.. actions.Select((a, i) => (WireCodec.Encode(request.Id, a), a is ContactAction.Accept or ContactAction.Complete ? Side.Requester : Side.Responder,
            T0.AddMinutes(i + 1), Guid.CreateVersion7(T0.AddMinutes(i + 1))))];
    }

    [Benchmark]
    public ContactRequest DecodeAndReplayOneRequest()
    {
        WireCodec.TryDecodeRequest(_opening, _link, _id, T0, out var opened, out _);
        var recorded = new List<RecordedAction>(_actions.Count);
        foreach (var (body, side, at, envelope) in _actions)
        {
            WireCodec.TryDecodeAction(body, out _, out var action, out _);
            recorded.Add(new RecordedAction(action!, side, at, envelope));
        }

        return RequestReplay.Replay(opened!, recorded, T0.AddSeconds(1), T0.AddDays(1)).Request;
    }
}
