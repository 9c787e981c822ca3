using Hotline.Domain.ContactRequests;
using Hotline.Domain.Directory;
using static Hotline.Domain.Tests.Requests;

namespace Hotline.Domain.Tests.Directory;

public sealed class CounterpartDisagreementTests
{
    [Fact]
    public void ACounterNamingAnotherCounterpart_IsADisagreementOnRecord()
    {
        var countered = Open().Acknowledge(T0.AddMinutes(5)).Counter(Minister, T0.AddHours(3));

        var disagreement = Assert.Single(CounterpartDisagreement.Of(countered));

        Assert.Equal(
            new CounterpartDisagreement(countered.Id, CmcViceChairman, Minister, T0.AddHours(3), "desk", "the minister is the counterpart"),
            disagreement);
    }

    [Fact]
    public void ACounterProposingOnlyATime_IsNoDisagreement()
    {
        var countered = Open().Acknowledge(T0.AddMinutes(5))
            .Apply(new ContactAction.Counter("desk", null, T0.AddDays(2)), Side.Responder, T0.AddHours(3));

        Assert.Empty(CounterpartDisagreement.Of(countered));
    }
}
