using System.Text;
using Hotline.Domain.ContactRequests;
using Hotline.Domain.Wire;
using static Hotline.Domain.Tests.Wire.WireSamples;

namespace Hotline.Domain.Tests.Wire;

/// <summary>
/// The exact bytes of record bodies. A body is hashed into the sender's transcript and stays there, so an encoder change
/// that alters the bytes of the same value (member order or names, time format, escaping) must show up here first.
/// What these pin, beyond member names and order: absent optional members are left out (never <c>null</c>); times are
/// written with offset <c>+00:00</c> and the fractional second only when non-zero (System.Text.Json's default, trailing
/// zeros trimmed); non-ASCII and HTML-sensitive characters (<c>&amp; " &lt; &gt;</c>) are \u-escaped.
/// </summary>
public sealed class WireFormatTests
{
    private const string RequestJson =
        """
        {"from":"secdef","to":"cmc-vice-chairman","kind":"video","precedence":"FLASH",
        "purpose":"Crisis communications \u0026 the \u0022hotline\u0022 \u003CDTL\u003E \u2014 \u56FD\u9632\u90E8",
        "sentBy":"watch-officer-us","acknowledgeBy":"2025-03-14T09:36:53.589+00:00","answerBy":"2025-03-16T09:26:53.589+00:00",
        "engagement":"0195952c-0000-7000-8000-000000000001","attempt":3,
        "windowFrom":"2025-03-15T09:26:53.589+00:00","windowTo":"2025-03-15T11:26:53.589+00:00",
        "expiresAt":"2025-03-16T09:26:53.589+00:00","follows":"0195952b-ffff-7fff-bfff-ffffffffffff"}
        """;

    private const string PlainRequestJson =
        """
        {"from":"secdef","to":"cmc-vice-chairman","kind":"call","precedence":"ROUTINE","purpose":"Crisis communications",
        "sentBy":"watch-officer-us","acknowledgeBy":"2025-03-14T15:26:53.589+00:00","answerBy":"2025-03-16T09:26:53.589+00:00",
        "engagement":"0195952c-0000-7000-8000-000000000001","attempt":1}
        """;

    private const string CounterJson =
        """
        {"request":"0195952c-5a6d-7b3e-9f10-2a3b4c5d6e7f","action":"counter","actor":"desk-cn",
        "at":"2025-03-17T09:26:53+00:00","counterpart":"mnd-minister","text":"Friday, with the minister"}
        """;

    private const string AcceptJson =
        """
        {"request":"0195952c-5a6d-7b3e-9f10-2a3b4c5d6e7f","action":"accept","actor":"desk-cn",
        "at":"2025-03-15T09:26:53.589+00:00","channel":"DTL voice"}
        """;

    private const string SuspensionJson = """{"action":"suspend","reason":"exercise ends","actor":"duty-director"}""";

    /// <summary>The pinned texts are wrapped for reading; the bodies have no white space between tokens.</summary>
    private static string Unwrapped(string json) => json.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);

    private static void AssertBytes(string expectedJson, byte[] body)
    {
        var expected = Unwrapped(expectedJson);
        Assert.Equal(expected, Encoding.UTF8.GetString(body));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), body);
        Assert.True(Array.TrueForAll(body, b => b < 0x80), "a body is ASCII: everything else is escaped");
    }

    [Fact]
    public void RequestBody_WithEveryOptionalPart_IsExactlyTheseBytes()
        => AssertBytes(RequestJson, WireCodec.Encode(FullRequest()));

    [Fact]
    public void RequestBody_WithoutOptionalParts_IsExactlyTheseBytes()
        => AssertBytes(PlainRequestJson, WireCodec.Encode(PlainRequest()));

    [Fact]
    public void CounterBody_IsExactlyTheseBytes_WithAWholeSecondTimeWrittenWithoutMilliseconds()
    {
        var counter = new ContactAction.Counter("desk-cn", Requests.Minister, new DateTimeOffset(2025, 3, 17, 9, 26, 53, TimeSpan.Zero), "Friday, with the minister");

        AssertBytes(CounterJson, WireCodec.Encode(new ContactRequestId(EnvelopeId), counter));
    }

    [Fact]
    public void AcceptBody_IsExactlyTheseBytes()
        => AssertBytes(AcceptJson, WireCodec.Encode(new ContactRequestId(EnvelopeId), Accept()));

    [Fact]
    public void SuspensionBody_IsExactlyTheseBytes()
        => AssertBytes(SuspensionJson, WireCodec.Encode(Suspension()));

    [Fact]
    public void PinnedBodies_DecodeToTheValuesTheyWereMadeFrom()
    {
        // The pinned text is the contract in both directions: a verifier reading these bytes gets these values.
        Assert.True(TryDecode(Encoding.UTF8.GetBytes(Unwrapped(RequestJson)), out var request, out var error), error);
        Assert.Equal(FullRequest(), request);
        Assert.Equal("Crisis communications & the \"hotline\" <DTL> — 国防部", request.Purpose);

        Assert.True(WireCodec.TryDecodeAction(Encoding.UTF8.GetBytes(Unwrapped(CounterJson)), out var id, out var action, out error), error);
        Assert.Equal(new ContactRequestId(EnvelopeId), id);
        Assert.Equal(new ContactAction.Counter("desk-cn", Requests.Minister, new DateTimeOffset(2025, 3, 17, 9, 26, 53, TimeSpan.Zero), "Friday, with the minister"), action);
    }

    [Fact]
    public void TimesWrittenInAnotherForm_AreReadAsTheSameInstant()
    {
        // Another implementation may write "Z", an offset, or padded milliseconds: the instant is what counts.
        var forms = new[] { "2025-03-17T09:26:53Z", "2025-03-17T09:26:53.000Z", "2025-03-17T17:26:53+08:00", "2025-03-17T09:26:53.0000000+00:00" };

        Assert.All(forms, form =>
        {
            var body = Encoding.UTF8.GetBytes(Unwrapped(CounterJson).Replace("2025-03-17T09:26:53+00:00", form, StringComparison.Ordinal));
            Assert.True(WireCodec.TryDecodeAction(body, out _, out var action, out var error), error);
            Assert.Equal(new DateTimeOffset(2025, 3, 17, 9, 26, 53, TimeSpan.Zero), Assert.IsType<ContactAction.Counter>(action).At);
        });
    }
}
