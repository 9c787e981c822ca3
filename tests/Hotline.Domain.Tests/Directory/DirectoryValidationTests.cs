using Hotline.Domain.Directory;
using static Hotline.Domain.Tests.Parties;

namespace Hotline.Domain.Tests.Directory;

public sealed class DirectoryValidationTests
{
    private static IEnumerable<DirectoryProblemKind> Kinds(PartyDirectory directory)
        => DirectoryValidation.Validate(directory).Select(p => p.Kind);

    [Fact]
    public void TheSeedDirectories_AreValid()
    {
        Assert.Empty(DirectoryValidation.Validate(UnitedStates()));
        Assert.Empty(DirectoryValidation.Validate(China()));
    }

    [Fact]
    public void DuplicateIds_AreRefused()
    {
        var us = UnitedStates();
        var problems = DirectoryValidation.Validate(us with { Positions = [.. us.Positions, us.Positions[0] with { Title = "Acting" }] });

        var problem = Assert.Single(problems);
        Assert.Equal((DirectoryProblemKind.DuplicateId, new PositionId("secdef")), (problem.Kind, problem.Position));
    }

    [Fact]
    public void LevelBelowOne_IsRefused()
        => Assert.Equal([DirectoryProblemKind.BadLevel], Kinds(new("P", [Position("a", "A", 0, Authority.Civilian)], 1)));

    [Fact]
    public void UnknownAuthority_IsRefused()
        => Assert.Equal([DirectoryProblemKind.UnknownAuthority], Kinds(new("P", [Position("a", "A", 1, (Authority)7)], 1)));

    [Theory]
    [InlineData("")]
    [InlineData("SecDef")]
    [InlineData("sec def")]
    [InlineData("secdef/1")]
    public void IdsOutsideTheAllowedCharacters_AreRefused(string id)
        => Assert.Equal([DirectoryProblemKind.BadId], Kinds(new("P", [Position(id, "A", 1, Authority.Civilian)], 1)));

    [Fact]
    public void MissingPartyVersionTitleBadLanguageAndBlankStaff_AreEachReported()
    {
        var position = Position("a", " ", 1, Authority.Military) with { Languages = ["en", "EN", "not a tag"], Staff = ["x", ""] };

        Assert.Equal(
            [
                DirectoryProblemKind.MissingParty, DirectoryProblemKind.BadVersion, DirectoryProblemKind.MissingTitle,
                DirectoryProblemKind.BadLanguage, DirectoryProblemKind.BadLanguage, DirectoryProblemKind.BadStaff,
            ],
            Kinds(new("", [position], 0)));
    }

    [Fact]
    public void AuthorityNames_Parse()
    {
        Assert.True(AuthorityNames.TryParse("Party", out var party));
        Assert.Equal(Authority.Party, party);
        Assert.False(AuthorityNames.TryParse("royal", out _));
    }
}
