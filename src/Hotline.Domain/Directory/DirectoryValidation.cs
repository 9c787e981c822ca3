using System.Collections.Immutable;

namespace Hotline.Domain.Directory;

/// <summary>
/// The rules a directory obeys, over the model (reading the import file is the edge's job). A directory with problems
/// is refused whole, so a peer never sees half an import.
/// </summary>
public static class DirectoryValidation
{
    public const int MaxIdLength = 64;

    /// <summary>
    /// Checks: a party name; a version of at least 1; each position id 1–64 characters of a–z, 0–9, '-', '_', '.'
    /// (it is typed on command lines and travels in envelopes), unique ignoring case; a title; a level of at least 1;
    /// an authority from the list; language tags of letters, digits and '-' without duplicates; staff names not blank
    /// and not repeated.
    /// </summary>
    public static ImmutableArray<DirectoryProblem> Validate(PartyDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var problems = ImmutableArray.CreateBuilder<DirectoryProblem>();
        if (string.IsNullOrWhiteSpace(directory.Party))
        {
            problems.Add(new(DirectoryProblemKind.MissingParty, null, "The directory names no party."));
        }

        if (directory.Version < 1)
        {
            problems.Add(new(DirectoryProblemKind.BadVersion, null, $"The version is {directory.Version}; versions start at 1."));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var position in directory.Positions)
        {
            var id = position.Id;
            if (!IsValidId(id.Value))
            {
                problems.Add(new(DirectoryProblemKind.BadId, id,
                    $"Position id '{id.Value}' must be 1–{MaxIdLength} characters of a–z, 0–9, '-', '_' or '.'."));
            }
            else if (!seen.Add(id.Value))
            {
                problems.Add(new(DirectoryProblemKind.DuplicateId, id, $"Position id '{id.Value}' appears more than once."));
            }

            if (string.IsNullOrWhiteSpace(position.Title))
            {
                problems.Add(new(DirectoryProblemKind.MissingTitle, id, $"Position '{id.Value}' has no title."));
            }

            if (position.Level < 1)
            {
                problems.Add(new(DirectoryProblemKind.BadLevel, id, $"Position '{id.Value}' has level {position.Level}; levels start at 1 (the highest)."));
            }

            if (!AuthorityNames.IsDefined(position.Authority))
            {
                problems.Add(new(DirectoryProblemKind.UnknownAuthority, id, $"Position '{id.Value}' has an unknown authority; use civilian, military or party."));
            }

            var languages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var language in position.Languages)
            {
                if (!IsLanguageTag(language) || !languages.Add(language))
                {
                    problems.Add(new(DirectoryProblemKind.BadLanguage, id, $"Position '{id.Value}' lists the language '{language}' twice or in a bad form (e.g. en, zh-Hans)."));
                }
            }

            var staff = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in position.Staff)
            {
                if (string.IsNullOrWhiteSpace(member) || !staff.Add(member.Trim()))
                {
                    problems.Add(new(DirectoryProblemKind.BadStaff, id, $"Position '{id.Value}' lists a blank or repeated staff member."));
                }
            }
        }

        return problems.ToImmutable();
    }

    public static bool IsValidId(string? id)
        => !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength
            && id.All(static c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.');

    private static bool IsLanguageTag(string? tag)
        => !string.IsNullOrEmpty(tag) && tag.Length <= 35 && char.IsAsciiLetter(tag[0]) && tag[^1] != '-'
            && tag.All(static c => char.IsAsciiLetterOrDigit(c) || c == '-') && !tag.Contains("--", StringComparison.Ordinal);
}
