using Hotline.Domain.Reports;

namespace Hotline.Domain.Tests.Reports;

public sealed class PercentilesTests
{
    private static TimeSpan[] Minutes(params int[] values) => [.. values.Select(v => TimeSpan.FromMinutes(v))];

    [Fact]
    public void Median_OfAnOddCount_IsTheMiddleValue()
        => Assert.Equal(TimeSpan.FromMinutes(12), Percentiles.Median(Minutes(30, 8, 12, 20, 4)));

    [Fact]
    public void Median_OfAnEvenCount_IsTheMeanOfTheTwoMiddleValues()
        => Assert.Equal(TimeSpan.FromMinutes(25), Percentiles.Median(Minutes(60, 8, 20, 30, 12, 240)));

    [Theory]
    [InlineData(1, 1)]   // ⌈0.9⌉ = 1
    [InlineData(5, 5)]   // ⌈4.5⌉ = 5
    [InlineData(10, 9)]  // ⌈9⌉ = 9
    [InlineData(11, 10)] // ⌈9.9⌉ = 10
    [InlineData(20, 18)] // ⌈18⌉ = 18
    public void P90_IsTheNearestRank(int count, int expectedMinutes)
        => Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), Percentiles.P90(Minutes([.. Enumerable.Range(1, count).Reverse()])));

    [Fact]
    public void NothingMeasured_GivesNoFigure()
    {
        Assert.Null(Percentiles.Median([]));
        Assert.Null(Percentiles.P90([]));
    }
}
