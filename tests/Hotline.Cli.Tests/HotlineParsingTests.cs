using Hotline.Cli.Commands;
using Hotline.Domain.ContactRequests;
using Hotline.Node.Api;

namespace Hotline.Cli.Tests;

/// <summary>The CLI's own parsing for the hotline commands: times, request ids, decline reasons.</summary>
public sealed class HotlineParsingTests
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.Parse("2026-11-29T09:00:00Z");

    [Theory]
    [InlineData("2026-12-01T10:00Z", "2026-12-01T10:00:00Z")]
    [InlineData("2026-12-01t10:00:30z", "2026-12-01T10:00:30Z")]
    [InlineData("2026-12-01T18:00+08:00", "2026-12-01T10:00:00Z")]
    [InlineData("2026-12-01T10:00:00.250-05:00", "2026-12-01T15:00:00.25Z")]
    [InlineData("+2h", "2026-11-29T11:00:00Z")]
    [InlineData("+30m", "2026-11-29T09:30:00Z")]
    [InlineData("+45s", "2026-11-29T09:00:45Z")]
    [InlineData("+1d", "2026-11-30T09:00:00Z")]
    [InlineData("+1h30m", "2026-11-29T10:30:00Z")]
    [InlineData(" +2H ", "2026-11-29T11:00:00Z")]
    public void TimeArgument_ParsesInstantsWithAZone_AndDurationsFromNow(string text, string expected)
    {
        Assert.True(TimeArgument.TryParse(text, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected), time.Resolve(s_now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2h")]
    [InlineData("+")]
    [InlineData("+2")]
    [InlineData("+h")]
    [InlineData("+2w")]
    [InlineData("+-2h")]
    [InlineData("+99999999h")]
    [InlineData("+4000d")]
    [InlineData("2026-12-01T10:00")]
    [InlineData("2026-12-01 10:00Z")]
    [InlineData("2026-12-01")]
    [InlineData("12/01/2026 10:00 +00:00")]
    [InlineData("tomorrow")]
    public void TimeArgument_RefusesTimesWithoutAZone_AndAnythingElse(string text) =>
        Assert.False(TimeArgument.TryParse(text, out _));

    [Fact]
    public void TimeArgument_ResolvesADurationWhenTheCommandRuns_NotWhenParsed()
    {
        Assert.True(TimeArgument.TryParse("+10m", out var time));

        Assert.Equal(s_now.AddMinutes(10), time.Resolve(s_now));
        Assert.Equal(s_now.AddHours(1).AddMinutes(10), time.Resolve(s_now.AddHours(1)));
    }

    [Theory]
    [InlineData("2026-01-01", "2026-01-01T00:00:00Z")]
    [InlineData("2026-01-01T08:00Z", "2026-01-01T08:00:00Z")]
    public void DayOrInstant_TakesAUtcDayOrAnInstant(string text, string expected)
    {
        Assert.True(TimeArgument.TryParseDayOrInstant(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected), value);
    }

    [Fact]
    public void Window_IsTwoTimesSeparatedByASlash()
    {
        Assert.True(WindowArgument.TryParse("2026-12-01T10:00Z/+1d", out var window));
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T10:00Z"), window.From.Resolve(s_now));
        Assert.Equal(s_now.AddDays(1), window.To.Resolve(s_now));
        Assert.False(WindowArgument.TryParse("2026-12-01T10:00Z", out _));
        Assert.False(WindowArgument.TryParse("2026-12-01T10:00Z/", out _));
    }

    [Theory]
    [InlineData(null, "timing", "timing", null)]
    [InlineData(null, "TIMING", "timing", null)]
    [InlineData(null, "timing: next week suits better", "timing", "next week suits better")]
    [InlineData(null, "  wrong-counterpart:the Minister is the counterpart ", "wrong-counterpart", "the Minister is the counterpart")]
    [InlineData(null, "preconditions-not-met the proper atmosphere has not been created", "preconditions-not-met", "the proper atmosphere has not been created")]
    [InlineData(null, "no-reason-given:", "no-reason-given", null)]
    [InlineData(null, "timingly refused", null, "timingly refused")]
    [InlineData(null, "bad timing", null, "bad timing")]
    [InlineData(null, null, null, null)]
    [InlineData("timing", "wrong-counterpart: ignored as a code", "timing", "wrong-counterpart: ignored as a code")]
    public void DeclineReason_StartingWithACode_SetsTheCode_UnlessCodeWasGiven(string? code, string? reason, string? expectedCode, string? expectedReason) =>
        Assert.Equal((expectedCode, expectedReason), RespondCommand.SplitDeclineReason(code, reason));

    [Fact]
    public void BuildAction_SplitsTheReasonOnlyForDecline()
    {
        var withdraw = RespondCommand.BuildAction(ContactActionKind.Withdraw, new RespondCommand.Details("timing: no longer needed", null, null, null, null), link: null);
        var decline = RespondCommand.BuildAction(ContactActionKind.Decline, new RespondCommand.Details("timing: next week", null, null, null, null), link: "prc");

        Assert.Equal(new RequestActionDto("withdraw", "timing: no longer needed"), withdraw);
        Assert.Equal(new RequestActionDto("decline", "next week", "timing", Link: "prc"), decline);
    }

    [Theory]
    [InlineData("ack", ContactActionKind.Acknowledge)]
    [InlineData("Acknowledge", ContactActionKind.Acknowledge)]
    [InlineData("COUNTER", ContactActionKind.Counter)]
    [InlineData("deliver", null)]
    [InlineData("expire", null)]
    [InlineData("approve", null)]
    public void ParseAction_TakesTheOperatorsVerbsOnly(string text, ContactActionKind? expected) =>
        Assert.Equal(expected, RespondCommand.ParseAction(text));

    [Fact]
    public void RequestIds_AreShortenedToTheirLast8HexDigits_OrMoreWhereTheyWouldCollide()
    {
        var shortened = RequestIds.Shorten(
        [
            "0193abcd-0000-7000-8000-0000aa000001",
            "0193abcd-1234-7000-8000-0001aa000001",
            "0193abcd-1299-7000-8000-000000000003",
            "01940000-0000-7000-8000-000000000004",
        ]);

        // UUIDv7 ids sent together share their start (a timestamp), not their random end.
        Assert.Equal("0aa000001", shortened["0193abcd-0000-7000-8000-0000aa000001"]);
        Assert.Equal("1aa000001", shortened["0193abcd-1234-7000-8000-0001aa000001"]);
        Assert.Equal("00000003", shortened["0193abcd-1299-7000-8000-000000000003"]);
        Assert.Equal("00000004", shortened["01940000-0000-7000-8000-000000000004"]);
    }

    [Theory]
    [InlineData("0193abcd", true)]
    [InlineData("0193ABCD-12", true)]
    [InlineData("0193abcd-0000-7000-8000-000000000001", true)]
    [InlineData("0193abc", false)]
    [InlineData("0193-abc", false)]
    [InlineData("0193abcz", false)]
    [InlineData("", false)]
    public void RequestIds_AreTheIdOrAtLeast8HexDigits(string text, bool valid) =>
        Assert.Equal(valid, RequestIds.Problem(text) is null);
}
