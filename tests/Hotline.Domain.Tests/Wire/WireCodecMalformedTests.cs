using System.Text;
using System.Text.Json.Nodes;
using Hotline.Domain.ContactRequests;
using Hotline.Domain.Wire;
using static Hotline.Domain.Tests.Wire.WireSamples;

namespace Hotline.Domain.Tests.Wire;

/// <summary>
/// A peer's body that cannot be read is refused with a reason, never with an exception (STYLE §10): the node keeps
/// the envelope in the transcript and ignores the body.
/// </summary>
public sealed class WireCodecMalformedTests
{
    private const string NotJson = "not valid JSON";

    public static TheoryData<string> NotABodyOfAnyType() =>
    [
        "",
        " ",
        "not json",
        "{",
        "{\"from\":",
        "[]",
        "42",
        "true",
        "\"a string\"",
        "{}",
        "{\"from\":\"secdef\"}",
        new string('[', 10_000),
        "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 201),
    ];

    private static void AssertRefused(bool accepted, string? error, string expected)
    {
        Assert.False(accepted);
        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotABodyOfAnyType))]
    public void NotABody_IsRefusedByEveryDecoder_AsNotValidJson(string text)
    {
        var body = Encoding.UTF8.GetBytes(text);

        AssertRefused(TryDecode(body, out var request, out var error), error, NotJson);
        Assert.Null(request);
        AssertRefused(WireCodec.TryDecodeAction(body, out _, out var action, out error), error, NotJson);
        Assert.Null(action);
        AssertRefused(WireCodec.TryDecodeDirectory(body, out var directory, out var counterparts, out error), error, NotJson);
        Assert.Null(directory);
        Assert.Empty(counterparts);
        AssertRefused(WireCodec.TryDecodeSuspension(body, out var suspension, out error), error, NotJson);
        Assert.Null(suspension);
    }

    [Fact]
    public void InvalidUtf8_IsRefusedByEveryDecoder()
    {
        byte[] body = [.. "{\"from\":\""u8, 0xc3, 0x28, .. "\"}"u8];

        Assert.False(TryDecode(body, out _, out var error));
        Assert.NotNull(error);
        Assert.False(WireCodec.TryDecodeAction(body, out _, out _, out error));
        Assert.NotNull(error);
        Assert.False(WireCodec.TryDecodeDirectory(body, out _, out _, out error));
        Assert.NotNull(error);
        Assert.False(WireCodec.TryDecodeSuspension(body, out _, out error));
        Assert.NotNull(error);
    }

    [Fact]
    public void JsonNull_IsRefusedByEveryDecoder_AsAnEmptyBody()
    {
        var body = "null"u8.ToArray();

        AssertRefused(TryDecode(body, out _, out var error), error, "empty (null)");
        AssertRefused(WireCodec.TryDecodeAction(body, out _, out _, out error), error, "empty (null)");
        AssertRefused(WireCodec.TryDecodeDirectory(body, out _, out _, out error), error, "empty (null)");
        AssertRefused(WireCodec.TryDecodeSuspension(body, out _, out error), error, "empty (null)");
    }

    // ---- ContactRequest bodies ----

    [Theory]
    // Wrong JSON types and missing required members.
    [InlineData("kind", "3", NotJson)]
    [InlineData("from", "{}", NotJson)]
    [InlineData("attempt", "\"1\"", NotJson)]
    [InlineData("attempt", "1.5", NotJson)]
    [InlineData("attempt", "2147483648", NotJson)]
    [InlineData("engagement", "\"not-a-guid\"", NotJson)]
    [InlineData("acknowledgeBy", "\"yesterday\"", NotJson)]
    [InlineData("acknowledgeBy", "\"2025-02-30T00:00:00Z\"", NotJson)]
    [InlineData("answerBy", "1741944413589", NotJson)]
    [InlineData("expiresAt", "[]", NotJson)]
    [InlineData("follows", "\"x\"", NotJson)]
    [InlineData("answerBy", null, NotJson)]
    [InlineData("purpose", null, NotJson)]
    [InlineData("engagement", null, NotJson)]
    // Unknown names.
    [InlineData("kind", "\"fax\"", "unknown kind 'fax'")]
    [InlineData("kind", "null", "unknown kind ''")]
    [InlineData("precedence", "\"URGENT\"", "unknown precedence 'URGENT'")]
    [InlineData("precedence", "\"0\"", "unknown precedence '0'")]
    // Positions, purpose, sender, attempt, window.
    [InlineData("from", "\"Sec Def\"", "two valid positions")]
    [InlineData("from", "\"SECDEF\"", "two valid positions")]
    [InlineData("from", "\"\"", "two valid positions")]
    [InlineData("from", "null", "two valid positions")]
    [InlineData("to", "\"cmc/vice\"", "two valid positions")]
    [InlineData("to", "\"cmc-vice-chairman-of-the-central-military-commission-of-the-prc-x\"", "two valid positions")]
    [InlineData("purpose", "\"   \"", "a purpose")]
    [InlineData("purpose", "null", "a purpose")]
    [InlineData("sentBy", "\"\"", "who sent it")]
    [InlineData("sentBy", "null", "who sent it")]
    [InlineData("attempt", "0", "an attempt ≥ 1")]
    [InlineData("attempt", "-1", "an attempt ≥ 1")]
    [InlineData("windowTo", null, "a window with both ends or none")]
    [InlineData("windowFrom", null, "a window with both ends or none")]
    [InlineData("windowTo", "null", "a window with both ends or none")]
    // Times that contradict each other (ContactRequestMachine.Open refuses them too).
    [InlineData("windowTo", "\"2025-03-15T09:26:53.588+00:00\"", "window does not end before it starts")]
    [InlineData("expiresAt", "\"2025-03-14T09:26:53.589+00:00\"", "expires after it is sent")]
    [InlineData("expiresAt", "\"2025-03-14T10:26:53.589+01:00\"", "expires after it is sent")]
    public void MalformedRequest_IsRefused_WithAReason(string member, string? rawJson, string expected)
    {
        var body = Set(WireCodec.Encode(FullRequest()), member, rawJson);

        AssertRefused(TryDecode(body, out var request, out var error), error, expected);
        Assert.Null(request);
    }

    [Fact]
    public void PositionIdOf64Characters_IsRead_And65_IsRefused()
    {
        var body = WireCodec.Encode(FullRequest());

        Assert.True(TryDecode(Set(body, "to", "\"" + new string('a', 64) + "\""), out _, out var error), error);
        AssertRefused(TryDecode(Set(body, "to", "\"" + new string('a', 65) + "\""), out _, out error), error, "two valid positions");
    }

    [Fact]
    public void PurposeOf4000Characters_IsRead_And4001_IsRefused()
    {
        var body = WireCodec.Encode(FullRequest());

        Assert.True(TryDecode(Set(body, "purpose", Text(WireCodec.MaxTextLength)), out _, out var error), error);
        AssertRefused(TryDecode(Set(body, "purpose", Text(WireCodec.MaxTextLength + 1)), out _, out error), error, "a purpose");
    }

    [Fact]
    public void ExpiryOneMillisecondAfterSending_IsRead_AndAOneInstantWindow_IsRead()
    {
        var body = Set(Set(WireCodec.Encode(FullRequest()), "expiresAt", "\"2025-03-14T09:26:53.59+00:00\""), "windowTo", "\"2025-03-15T09:26:53.589+00:00\"");

        Assert.True(TryDecode(body, out var request, out var error), error);
        Assert.Equal(SentAt.AddMilliseconds(1), request.ExpiresAt);
        Assert.Equal(request.Window!.Value.From, request.Window.Value.To);
    }

    [Fact]
    public void UnknownMembers_AreIgnored_SoANewerPeerMayAddFields()
    {
        var request = FullRequest();
        var body = Edit(WireCodec.Encode(request), json =>
        {
            json["priorityNote"] = "new in v2";
            json["nested"] = new JsonObject { ["x"] = new JsonArray(1, 2, 3) };
        });

        Assert.True(TryDecode(body, out var decoded, out var error), error);
        Assert.Equal(request, decoded);
    }

    [Fact]
    public void NamesAreReadWithoutRegardToCase_AsTheCliReadsThem()
    {
        var body = Set(Set(WireCodec.Encode(FullRequest()), "kind", "\"VIDEO\""), "precedence", "\"flash\"");

        Assert.True(TryDecode(body, out var decoded, out var error), error);
        Assert.Equal((ContactKind.Video, Hotline.Protocol.Precedence.Flash), (decoded.Kind, decoded.Precedence));
    }

    // ---- ContactAction bodies ----

    [Theory]
    [InlineData("request", "\"x\"", NotJson)]
    [InlineData("request", null, NotJson)]
    [InlineData("actor", null, NotJson)]
    [InlineData("action", null, NotJson)]
    [InlineData("at", "\"soon\"", NotJson)]
    [InlineData("at", "0", NotJson)]
    [InlineData("channel", "5", NotJson)]
    [InlineData("action", "\"shout\"", "unknown action 'shout'")]
    [InlineData("action", "null", "unknown action ''")]
    [InlineData("action", "\"deliver\"", "is not sent in an envelope")]
    [InlineData("action", "\"expire\"", "is not sent in an envelope")]
    [InlineData("at", null, "lacks its time")]
    [InlineData("at", "null", "lacks its time")]
    [InlineData("actor", "\"\"", "names the operator")]
    [InlineData("actor", "\"  \"", "names the operator")]
    [InlineData("actor", "null", "names the operator")]
    [InlineData("actor", "\"system\"", "names the operator")]
    [InlineData("counterpart", "\"The Minister\"", "not a valid position id")]
    [InlineData("counterpart", "\"\"", "not a valid position id")]
    [InlineData("counterpart", "\" \"", "not a valid position id")]
    public void MalformedAccept_IsRefused_WithAReason(string member, string? rawJson, string expected)
    {
        var body = Set(WireCodec.Encode(new ContactRequestId(EnvelopeId), Accept()), member, rawJson);

        AssertRefused(WireCodec.TryDecodeAction(body, out _, out var action, out var error), error, expected);
        Assert.Null(action);
    }

    [Theory]
    [InlineData("code", "\"rude\"")]
    [InlineData("code", "\"1\"")]
    [InlineData("code", "null")]
    [InlineData("code", null)]
    public void DeclineWithoutAKnownCode_IsRefused(string member, string? rawJson)
    {
        var body = Set(WireCodec.Encode(new ContactRequestId(EnvelopeId), Decline()), member, rawJson);

        AssertRefused(WireCodec.TryDecodeAction(body, out _, out var action, out var error), error, "lacks its time or code");
        Assert.Null(action);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("channel")]
    public void ActionText_Of4000Characters_IsRead_And4001_IsRefused(string member)
    {
        var body = WireCodec.Encode(new ContactRequestId(EnvelopeId), Accept());

        Assert.True(WireCodec.TryDecodeAction(Set(body, member, Text(WireCodec.MaxTextLength)), out _, out _, out var error), error);
        AssertRefused(WireCodec.TryDecodeAction(Set(body, member, Text(WireCodec.MaxTextLength + 1)), out _, out _, out error), error, "at most 4,000 characters");
    }

    [Fact]
    public void TheRequestId_IsReportedEvenWhenTheActionIsRefused()
    {
        // The node files a refused action under its request; the transcript keeps it.
        var body = Set(WireCodec.Encode(new ContactRequestId(EnvelopeId), Accept()), "action", "\"shout\"");

        Assert.False(WireCodec.TryDecodeAction(body, out var request, out _, out _));
        Assert.Equal(new ContactRequestId(EnvelopeId), request);
    }

    [Fact]
    public void AcknowledgeSpelledOut_IsReadAsAnAcknowledgment()
    {
        var body = Set(WireCodec.Encode(new ContactRequestId(EnvelopeId), new ContactAction.Acknowledge("duty")), "action", "\"acknowledge\"");

        Assert.True(WireCodec.TryDecodeAction(body, out _, out var action, out var error), error);
        Assert.Equal(new ContactAction.Acknowledge("duty"), action);
    }

    // ---- Directory bodies ----

    private static byte[] DirectoryBody() => WireCodec.Encode(Parties.China(), Counterparts());

    private static byte[] EditFirstPosition(string member, string rawJson)
        => Edit(DirectoryBody(), json => json["positions"]![0]![member] = JsonNode.Parse(rawJson));

    [Theory]
    [InlineData("authority", "\"royal\"", "authority 'royal'; use civilian, military or party")]
    [InlineData("authority", "null", "use civilian, military or party")]
    [InlineData("id", "\"Vice Chairman\"", "must be 1–64 characters")]
    [InlineData("id", "\"\"", "must be 1–64 characters")]
    [InlineData("id", "\"mnd-minister\"", "appears more than once")]
    [InlineData("title", "\" \"", "has no title")]
    [InlineData("level", "0", "levels start at 1")]
    [InlineData("languages", "[\"zh Hans\"]", "the language 'zh Hans'")]
    [InlineData("languages", "[\"en\",\"EN\"]", "the language 'EN' twice")]
    [InlineData("staff", "[\"desk\",\"desk\"]", "blank or repeated staff member")]
    [InlineData("staff", "[null]", "blank or repeated staff member")]
    [InlineData("level", "\"1\"", NotJson)]
    public void DirectoryWithABadPosition_IsRefused_WithTheValidationMessage(string member, string rawJson, string expected)
    {
        AssertRefused(WireCodec.TryDecodeDirectory(EditFirstPosition(member, rawJson), out var directory, out var counterparts, out var error), error, expected);
        Assert.Null(directory);
        Assert.Empty(counterparts);
    }

    [Theory]
    [InlineData("party", "\" \"", "names no party")]
    [InlineData("version", "0", "versions start at 1")]
    [InlineData("version", "-5", "versions start at 1")]
    [InlineData("positions", "[null]", "a position that is null")]
    [InlineData("positions", "[{}]", NotJson)]
    [InlineData("positions", null, NotJson)]
    [InlineData("counterparts", "[null]", "a counterpart rule that is null")]
    [InlineData("counterparts", "[{\"for\":\"nobody\",\"counterpart\":\"secdef\"}]", "counterpart rule for 'nobody'")]
    [InlineData("counterparts", "[{\"for\":\"mnd-minister\",\"counterpart\":\"Sec Def\"}]", "counterpart rule for 'mnd-minister'")]
    [InlineData("counterparts", "[{\"for\":null,\"counterpart\":\"secdef\"}]", "counterpart rule for ''")]
    [InlineData("counterparts", "[{\"for\":\"mnd-minister\"}]", NotJson)]
    [InlineData("counterparts", "{}", NotJson)]
    public void MalformedDirectory_IsRefused_WithAReason(string member, string? rawJson, string expected)
    {
        AssertRefused(WireCodec.TryDecodeDirectory(Set(DirectoryBody(), member, rawJson), out var directory, out var counterparts, out var error), error, expected);
        Assert.Null(directory);
        Assert.Empty(counterparts);
    }

    [Fact]
    public void DirectoryWithoutCounterparts_OrWithNull_IsReadWithNone()
    {
        Assert.True(WireCodec.TryDecodeDirectory(Set(DirectoryBody(), "counterparts", null), out _, out var counterparts, out var error), error);
        Assert.Empty(counterparts);
        Assert.True(WireCodec.TryDecodeDirectory(Set(DirectoryBody(), "counterparts", "null"), out _, out counterparts, out error), error);
        Assert.Empty(counterparts);
    }

    [Fact]
    public void DirectoryDecoding_TrimsThePrincipal_AndReadsABlankOneAsVacant()
    {
        Assert.True(WireCodec.TryDecodeDirectory(EditFirstPosition("principal", "\"  Xu Qiliang \""), out var directory, out _, out var error), error);
        Assert.Equal("Xu Qiliang", directory.Positions[0].Principal);
        Assert.True(WireCodec.TryDecodeDirectory(EditFirstPosition("principal", "\"  \""), out directory, out _, out error), error);
        Assert.Null(directory.Positions[0].Principal);
    }

    // ---- Suspension bodies ----

    [Theory]
    [InlineData("action", "\"pause\"")]
    [InlineData("action", "\"Suspend\"")]
    [InlineData("action", "\"\"")]
    [InlineData("action", "null")]
    [InlineData("actor", "\" \"")]
    [InlineData("actor", "null")]
    [InlineData("reason", "\"\"")]
    [InlineData("reason", "\"  \"")]
    [InlineData("reason", "null")]
    public void MalformedSuspension_IsRefused_WithAReason(string member, string rawJson)
    {
        var body = Set(WireCodec.Encode(Suspension()), member, rawJson);

        AssertRefused(WireCodec.TryDecodeSuspension(body, out var suspension, out var error), error, "a suspension is 'suspend' or 'resume'");
        Assert.Null(suspension);
    }

    [Theory]
    [InlineData("action")]
    [InlineData("reason")]
    [InlineData("actor")]
    public void SuspensionWithoutARequiredMember_IsRefused(string member)
        => AssertRefused(WireCodec.TryDecodeSuspension(Set(WireCodec.Encode(Suspension()), member, null), out _, out var error), error, NotJson);

    [Fact]
    public void SuspensionReason_Of4000Characters_IsRead_And4001_IsRefused()
    {
        var body = WireCodec.Encode(Suspension());

        Assert.True(WireCodec.TryDecodeSuspension(Set(body, "reason", Text(WireCodec.MaxTextLength)), out _, out var error), error);
        AssertRefused(WireCodec.TryDecodeSuspension(Set(body, "reason", Text(WireCodec.MaxTextLength + 1)), out _, out error), error, "at most 4,000 characters");
    }
}
