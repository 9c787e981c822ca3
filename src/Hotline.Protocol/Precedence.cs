namespace Hotline.Protocol;

/// <summary>
/// Order of sending and of acknowledgment deadlines. Lower values go first: FLASH overtakes a ROUTINE backlog.
/// The numeric value is the byte written in an envelope.
/// </summary>
public enum Precedence : byte
{
    Flash = 0,
    Immediate = 1,
    Priority = 2,
    Routine = 3,
}

/// <summary>Parsing and printing of precedences in their conventional upper-case names.</summary>
public static class PrecedenceNames
{
    /// <summary>FLASH, IMMEDIATE, PRIORITY or ROUTINE.</summary>
    public static string ToName(this Precedence precedence) => precedence switch
    {
        Precedence.Flash => "FLASH",
        Precedence.Immediate => "IMMEDIATE",
        Precedence.Priority => "PRIORITY",
        Precedence.Routine => "ROUTINE",
        _ => throw new ArgumentOutOfRangeException(nameof(precedence)),
    };

    /// <summary>Case-insensitive parse of a precedence name.</summary>
    public static bool TryParse(string? text, out Precedence precedence)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "FLASH": precedence = Precedence.Flash; return true;
            case "IMMEDIATE": precedence = Precedence.Immediate; return true;
            case "PRIORITY": precedence = Precedence.Priority; return true;
            case "ROUTINE": precedence = Precedence.Routine; return true;
            default: precedence = default; return false;
        }
    }

    /// <summary>Whether a byte read from the wire names a precedence.</summary>
    public static bool IsDefined(byte value) => value <= (byte)Precedence.Routine;
}
