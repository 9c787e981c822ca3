namespace Hotline.Cli;

/// <summary>
/// Who takes a change (<c>--as NAME</c>), sent as the <see cref="NodeClient.OperatorHeader"/> header and recorded by
/// the node with the change. HTTP header values are ASCII, so the name travels percent-encoded (RFC 3986) and may be
/// written in any script ("张伟").
/// </summary>
internal static class OperatorName
{
    /// <summary>The name when the login name cannot be used.</summary>
    public const string Fallback = "operator";

    public const int MaxLength = 64;

    /// <summary>The login name of the user running the CLI, or <see cref="Fallback"/>.</summary>
    public static string Default()
    {
        var login = Environment.UserName;
        return Problem(login) is null ? login.Trim() : Fallback;
    }

    /// <summary>Why <paramref name="name"/> cannot name an operator, or null when it can.</summary>
    public static string? Problem(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return "--as needs the name of the operator who takes the action";
        }

        if (trimmed.Length > MaxLength)
        {
            return $"--as takes at most {MaxLength} characters";
        }

        if (trimmed == "system")
        {
            return "--as cannot be 'system': that name is the nodes' own, for what no person does";
        }

        return trimmed.Any(char.IsControl) ? "--as cannot contain control characters" : null;
    }
}
