namespace Hotline.Cli;

/// <summary>Process exit codes; docs/cli.md lists them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command was understood but failed at run time (no node, HTTP error, I/O error).</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong (unknown flag, missing value, conflicting flags).</summary>
    public const int Usage = 2;
}
