using System.Text;
using Hotline.Domain.ContactRequests;
using Hotline.Domain.Directory;
using Hotline.Domain.Wire;
using static Hotline.Domain.Tests.Wire.WireSamples;

namespace Hotline.Domain.Tests.Wire;

/// <summary>What one node encodes, the other decodes to the same value (record bodies of typed envelopes).</summary>
public sealed class WireCodecRoundTripTests
{
    [Fact]
    public void Request_WithEveryOptionalPart_RoundTrips()
    {
        var request = FullRequest();

        Assert.True(TryDecode(WireCodec.Encode(request), out var decoded, out var error), error);

        Assert.Equal(request, decoded);
        Assert.Equal(ContactRequestState.Sent, decoded!.State);
        Assert.Empty(decoded.History);
    }

    [Fact]
    public void Request_WithoutOptionalParts_RoundTrips_AndLeavesThemOutOfTheBody()
    {
        var request = PlainRequest();
        var body = WireCodec.Encode(request);

        Assert.True(TryDecode(body, out var decoded, out var error), error);

        Assert.Equal(request, decoded);
        Assert.Null(decoded!.Window);
        Assert.Null(decoded.ExpiresAt);
        Assert.Null(decoded.Follows);
        var json = Encoding.UTF8.GetString(body);
        Assert.DoesNotContain("window", json, StringComparison.Ordinal);
        Assert.DoesNotContain("expiresAt", json, StringComparison.Ordinal);
        Assert.DoesNotContain("follows", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_TakesItsIdFromTheEnvelopeId_AndItsSendingTimeFromTheEnvelopeTime()
    {
        // The body repeats neither: the header is the one source.
        var request = FullRequest();
        var otherId = new Guid("0195952c-aaaa-7bbb-8ccc-dddddddddddd");
        var otherTime = SentAt.AddSeconds(1);

        Assert.True(WireCodec.TryDecodeRequest(WireCodec.Encode(request), request.Link, otherId, otherTime, out var decoded, out var error), error);

        Assert.Equal(new ContactRequestId(otherId), decoded.Id);
        Assert.Equal(otherTime, decoded.SentAt);
        Assert.Equal(request.Deadlines, decoded.Deadlines); // stamped by the requester, carried, not recomputed
        Assert.Equal(request with { Id = decoded.Id, SentAt = otherTime }, decoded);
    }

    [Fact]
    public void Request_TakesItsLinkFromTheCaller()
    {
        var otherLink = new LinkId(new Guid("00000000-0000-0000-0000-0000000000bb"));

        Assert.True(WireCodec.TryDecodeRequest(WireCodec.Encode(FullRequest()), otherLink, EnvelopeId, SentAt, out var decoded, out var error), error);

        Assert.Equal(otherLink, decoded.Link);
    }

    [Fact]
    public void RequestTimes_TravelInUtcWithMillisecondPrecision()
    {
        // A node east of UTC, with a clock that has sub-millisecond ticks.
        var east = TimeSpan.FromHours(8);
        var sentAt = new DateTimeOffset(2025, 3, 14, 17, 26, 53, 589, east).AddTicks(4321);
        var draft = Requests.Draft(sentAt: sentAt, expiresAt: sentAt.AddDays(2).AddTicks(9)) with
        {
            Window = new TimeWindow(sentAt.AddDays(1).AddTicks(1), sentAt.AddDays(1).AddHours(2).AddTicks(9_999)),
        };
        var request = Requests.Open(draft);
        var body = WireCodec.Encode(request);

        Assert.True(WireCodec.TryDecodeRequest(body, request.Link, EnvelopeId, WireCodec.Utc(sentAt), out var decoded, out var error), error);

        Assert.DoesNotContain("+08:00", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        var times = new[]
        {
            (request.Deadlines.AcknowledgeBy, decoded.Deadlines.AcknowledgeBy),
            (request.Deadlines.AnswerBy, decoded.Deadlines.AnswerBy),
            (request.Window!.Value.From, decoded.Window!.Value.From),
            (request.Window!.Value.To, decoded.Window!.Value.To),
            (request.ExpiresAt!.Value, decoded.ExpiresAt!.Value),
        };
        Assert.All(times, pair =>
        {
            Assert.Equal(TimeSpan.Zero, pair.Item2.Offset);
            Assert.Equal(0, pair.Item2.Ticks % TimeSpan.TicksPerMillisecond);
            Assert.Equal(pair.Item1.ToUnixTimeMilliseconds(), pair.Item2.ToUnixTimeMilliseconds());
            Assert.Equal(WireCodec.Utc(pair.Item1), pair.Item2);
        });
    }

    [Fact]
    public void Utc_DropsTheOffsetAndTheSubMillisecondTicks_KeepingTheInstantToTheMillisecond()
    {
        var moment = new DateTimeOffset(2025, 3, 14, 17, 26, 53, 589, TimeSpan.FromHours(8)).AddTicks(9_999);

        var utc = WireCodec.Utc(moment);

        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero), utc);
        Assert.Equal(TimeSpan.Zero, utc.Offset);
        Assert.Equal(utc, WireCodec.Utc(utc));
    }

    [Fact]
    public void EncodingARequest_IsDeterministic()
        => Assert.Equal(WireCodec.Encode(FullRequest()), WireCodec.Encode(FullRequest()));

    private static readonly Dictionary<string, ContactAction> s_sendable = new(StringComparer.Ordinal)
    {
        ["ack"] = new ContactAction.Acknowledge("watch-officer-cn"),
        ["accept"] = new ContactAction.Accept("desk-cn", SentAt.AddDays(1), "DTL voice"),
        ["accept at a place"] = new ContactAction.Accept("desk-us", SentAt.AddDays(30), "Shangri-La Hotel, Singapore"),
        ["decline wrong-counterpart"] = new ContactAction.Decline("desk-cn", DeclineReason.WrongCounterpart, "the minister is the counterpart"),
        ["decline preconditions-not-met"] = new ContactAction.Decline("desk-cn", DeclineReason.PreconditionsNotMet, "sanctions"),
        ["decline timing"] = new ContactAction.Decline("desk-cn", DeclineReason.Timing),
        ["decline no-reason-given"] = new ContactAction.Decline("desk-cn", DeclineReason.NoReasonGiven),
        ["counter counterpart"] = new ContactAction.Counter("desk-cn", Requests.Minister, null, "the minister will take the call"),
        ["counter time"] = new ContactAction.Counter("desk-cn", null, SentAt.AddDays(3)),
        ["counter both"] = new ContactAction.Counter("desk-cn", Requests.Minister, SentAt.AddDays(3), "Friday, with the minister"),
        ["withdraw"] = new ContactAction.Withdraw("watch-officer-us"),
        ["withdraw with reason"] = new ContactAction.Withdraw("watch-officer-us", "overtaken by events"),
        ["cancel"] = new ContactAction.Cancel("desk-us", "pandemic"),
        ["complete"] = new ContactAction.Complete("desk-us", "held; notes filed"),
        ["miss"] = new ContactAction.Miss("desk-cn"),
        ["miss with note"] = new ContactAction.Miss("desk-cn", "the line was down"),
        ["text of 4,000 characters"] = new ContactAction.Cancel("desk-us", new string('x', WireCodec.MaxTextLength)),
    };

    public static TheoryData<string> SendableActions() => [.. s_sendable.Keys];

    [Theory]
    [MemberData(nameof(SendableActions))]
    public void Action_RoundTrips(string name)
    {
        var action = s_sendable[name];
        var request = new ContactRequestId(EnvelopeId);

        Assert.True(WireCodec.TryDecodeAction(WireCodec.Encode(request, action), out var decodedRequest, out var decoded, out var error), error);

        Assert.Equal(request, decodedRequest);
        Assert.Equal(action, decoded);
        Assert.Equal(action.Kind, decoded.Kind);
    }

    [Fact]
    public void EveryKindAnOperatorTakes_HasARoundTripCase()
    {
        var sendable = Enum.GetValues<ContactActionKind>().Where(k => k is not (ContactActionKind.Deliver or ContactActionKind.Expire));

        Assert.Equal(sendable.Order(), s_sendable.Values.Select(a => a.Kind).Distinct().Order());
    }

    [Fact]
    public void ActionTimes_TravelInUtcWithMillisecondPrecision()
    {
        var at = new DateTimeOffset(2025, 3, 15, 17, 0, 0, 123, TimeSpan.FromHours(8)).AddTicks(5_555);
        var request = new ContactRequestId(EnvelopeId);

        Assert.True(WireCodec.TryDecodeAction(WireCodec.Encode(request, new ContactAction.Accept("desk", at, "video")), out _, out var accept, out _));
        Assert.True(WireCodec.TryDecodeAction(WireCodec.Encode(request, new ContactAction.Counter("desk", null, at)), out _, out var counter, out _));

        Assert.Equal(WireCodec.Utc(at), Assert.IsType<ContactAction.Accept>(accept).At);
        Assert.Equal(TimeSpan.Zero, ((ContactAction.Accept)accept).At.Offset);
        Assert.Equal(WireCodec.Utc(at), Assert.IsType<ContactAction.Counter>(counter).At);
    }

    [Fact]
    public void DeliverAndExpire_AreNeverEncoded_EachNodeDerivesThem()
    {
        var request = new ContactRequestId(EnvelopeId);

        var deliver = Assert.Throws<ArgumentException>(() => WireCodec.Encode(request, new ContactAction.Deliver()));
        var expire = Assert.Throws<ArgumentException>(() => WireCodec.Encode(request, new ContactAction.Expire()));

        Assert.Equal("action", deliver.ParamName);
        Assert.Contains("deliver", deliver.Message, StringComparison.Ordinal);
        Assert.Contains("expire", expire.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodingNull_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => WireCodec.Encode((ContactRequest)null!));
        Assert.Throws<ArgumentNullException>(() => WireCodec.Encode(new ContactRequestId(EnvelopeId), null!));
        Assert.Throws<ArgumentNullException>(() => WireCodec.Encode((PartyDirectory)null!, []));
        Assert.Throws<ArgumentNullException>(() => WireCodec.TryDecodeDirectory((DirectoryBody)null!, out _, out _));
    }

    [Fact]
    public void Directory_WithCounterparts_RoundTrips()
    {
        var directory = Parties.China();

        Assert.True(WireCodec.TryDecodeDirectory(WireCodec.Encode(directory, Counterparts()), out var decoded, out var counterparts, out var error), error);

        AssertSameDirectory(directory, decoded);
        Assert.Equal(Counterparts(), counterparts);
    }

    [Fact]
    public void Directory_WithoutCounterparts_RoundTrips_WithAnEmptyList()
    {
        var directory = Parties.UnitedStates();

        Assert.True(WireCodec.TryDecodeDirectory(WireCodec.Encode(directory, []), out var decoded, out var counterparts, out var error), error);

        AssertSameDirectory(directory, decoded);
        Assert.Empty(counterparts);
    }

    [Fact]
    public void Directory_WithAVacantPosition_RoundTrips()
    {
        var directory = Parties.China() with
        {
            Positions = [Parties.Position("cn-watch", "Watch officer desk", 5, Authority.Military) with { Languages = [], Staff = [] }],
        };

        Assert.True(WireCodec.TryDecodeDirectory(WireCodec.Encode(directory, []), out var decoded, out _, out var error), error);

        AssertSameDirectory(directory, decoded);
        Assert.Null(Assert.Single(decoded.Positions).Principal);
    }

    [Fact]
    public void ToBody_WritesEveryFieldOfAPosition()
    {
        var position = Parties.Position("cmc-vice-chairman", "Vice Chairman of the Central Military Commission", 1, Authority.Party, "Xu Qiliang");

        var body = WireCodec.ToBody(position);

        Assert.Equal(("cmc-vice-chairman", "Vice Chairman of the Central Military Commission", 1, "party", "Xu Qiliang"),
            (body.Id, body.Title, body.Level, body.Authority, body.Principal));
        Assert.Equal(["zh-Hans"], body.Languages);
        Assert.Equal(["watch-desk"], body.Staff);
    }

    [Theory]
    [InlineData("suspend")]
    [InlineData("resume")]
    public void Suspension_RoundTrips(string action)
    {
        var suspension = Suspension() with { Action = action };

        Assert.True(WireCodec.TryDecodeSuspension(WireCodec.Encode(suspension), out var decoded, out var error), error);

        Assert.Equal(suspension, decoded);
    }

    private static void AssertSameDirectory(PartyDirectory expected, PartyDirectory? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal((expected.Party, expected.Version), (actual.Party, actual.Version));
        Assert.Equal(expected.Positions.Count, actual.Positions.Count);
        foreach (var (e, a) in expected.Positions.Zip(actual.Positions))
        {
            Assert.Equal((e.Id, e.Title, e.Level, e.Authority, e.Principal), (a.Id, a.Title, a.Level, a.Authority, a.Principal));
            Assert.Equal(e.Languages, a.Languages);
            Assert.Equal(e.Staff, a.Staff);
        }
    }
}
