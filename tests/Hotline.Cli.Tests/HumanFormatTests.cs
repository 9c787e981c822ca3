namespace Hotline.Cli.Tests;

public sealed class HumanFormatTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m 00s")]
    [InlineData(3599, "59m 59s")]
    [InlineData(3600, "1h 00m")]
    [InlineData(90061, "1d 01h")]
    [InlineData(-5, "0s")]
    public void Duration_ShowsAtMostTwoUnits(int seconds, string expected) =>
        Assert.Equal(expected, HumanFormat.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("/var/lib/hotline", "/var/lib/hotline")]
    [InlineData("./data-1", "./data-1")]
    [InlineData("/tmp/my node", "'/tmp/my node'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("", "''")]
    public void ShellWord_MakesPathsSafeToPasteIntoAShell(string path, string expected) =>
        Assert.Equal(expected, HumanFormat.ShellWord(path));
}
