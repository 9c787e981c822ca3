using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;
using Hotline.Domain.ContactRequests;
using Hotline.Domain.Deadlines;
using Hotline.Domain.Directory;
using Hotline.Domain.Wire;
using Hotline.Protocol;

namespace Hotline.Domain.Tests.Wire;

/// <summary>Fixed values for the record-body tests (each call makes new values), and a way to edit a JSON body.</summary>
internal static class WireSamples
{
    /// <summary>The opening envelope's creation time: whole milliseconds, UTC.</summary>
    public static readonly DateTimeOffset SentAt = new(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero);

    public static readonly Guid EnvelopeId = new("0195952c-5a6d-7b3e-9f10-2a3b4c5d6e7f");

    public static readonly Guid EngagementId = new("0195952c-0000-7000-8000-000000000001");

    public static readonly Guid FollowsId = new("0195952b-ffff-7fff-bfff-ffffffffffff");

    /// <summary>A request with every optional part: window, expiry, the request it follows, attempt 3.</summary>
    public static ContactRequest FullRequest() => Requests.Open(
        new NewContactRequest
        {
            Id = new ContactRequestId(EnvelopeId),
            Link = Requests.Link,
            From = Requests.SecDef,
            To = Requests.CmcViceChairman,
            Kind = ContactKind.Video,
            Purpose = "Crisis communications & the \"hotline\" <DTL> — 国防部",
            Precedence = Precedence.Flash,
            SentAt = SentAt,
            SentBy = "watch-officer-us",
            Window = new TimeWindow(SentAt.AddDays(1), SentAt.AddDays(1).AddHours(2)),
            ExpiresAt = SentAt.AddDays(2),
            Follows = new ContactRequestId(FollowsId),
        },
        DeadlinePolicy.Default,
        new EngagementRef(new EngagementId(EngagementId), 3));

    /// <summary>A request with no optional part.</summary>
    public static ContactRequest PlainRequest() => Requests.Open(
        Requests.Draft(sentAt: SentAt) with { Id = new ContactRequestId(EnvelopeId) },
        DeadlinePolicy.Default,
        new EngagementRef(new EngagementId(EngagementId), 1));

    public static bool TryDecode(byte[] body, [NotNullWhen(true)] out ContactRequest? request, [NotNullWhen(false)] out string? error)
        => WireCodec.TryDecodeRequest(body, Requests.Link, EnvelopeId, SentAt, out request, out error);

    public static ContactAction Accept() => new ContactAction.Accept("desk-cn", SentAt.AddDays(1), "DTL voice");

    public static ContactAction Decline() => new ContactAction.Decline("desk-cn", DeclineReason.PreconditionsNotMet, "the proper atmosphere has not been created");

    public static SuspensionBody Suspension() => new() { Action = "suspend", Reason = "exercise ends", Actor = "duty-director" };

    public static IReadOnlyList<CounterpartBody> Counterparts() =>
    [
        new CounterpartBody { For = "mnd-minister", Counterpart = "secdef" },
        new CounterpartBody { For = "jsd-chief", Counterpart = "us-cjcs" },
    ];

    /// <summary>The body with one change made to its JSON.</summary>
    public static byte[] Edit(byte[] body, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(body)!.AsObject();
        change(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary>The body with one member set to raw JSON, or removed when <paramref name="rawJson"/> is null.</summary>
    public static byte[] Set(byte[] body, string member, string? rawJson) => Edit(body, json =>
    {
        if (rawJson is null)
        {
            json.Remove(member);
        }
        else
        {
            json[member] = JsonNode.Parse(rawJson);
        }
    });

    /// <summary>A JSON string of <paramref name="length"/> characters.</summary>
    public static string Text(int length) => "\"" + new string('x', length) + "\"";
}
