namespace Hotline.Domain.Directory;

/// <summary>What can be wrong with a directory.</summary>
public enum DirectoryProblemKind
{
    MissingParty,
    BadVersion,
    BadId,
    DuplicateId,
    MissingTitle,
    BadLevel,
    UnknownAuthority,
    BadLanguage,
    BadStaff,
}

/// <summary>One problem found in a directory, with the position it concerns (if any) and a message for the operator.</summary>
public sealed record DirectoryProblem(DirectoryProblemKind Kind, PositionId? Position, string Message);
