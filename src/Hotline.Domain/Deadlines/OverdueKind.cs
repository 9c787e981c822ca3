namespace Hotline.Domain.Deadlines;

/// <summary>Which deadline a request has missed, if any. Derived from the time, never stored as a state.</summary>
public enum OverdueKind
{
    /// <summary>Not overdue: in time, already acknowledged and answered, or no longer open.</summary>
    None,

    /// <summary>Not acknowledged, and the acknowledgment deadline has passed.</summary>
    Acknowledgment,

    /// <summary>Acknowledged (or not) but not answered, and the response deadline has passed.</summary>
    Answer,
}
