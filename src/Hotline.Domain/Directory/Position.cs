namespace Hotline.Domain.Directory;

/// <summary>
/// An office in a party. <see cref="Level"/> is the protocol level: 1 is the highest (a minister, a secretary), larger
/// numbers rank lower. <see cref="Staff"/> are the operators who may act for the position.
/// </summary>
public sealed record Position
{
    public required PositionId Id { get; init; }

    public required string Title { get; init; }

    public required int Level { get; init; }

    public required Authority Authority { get; init; }

    /// <summary>Language tags (BCP 47: "en", "zh-Hans").</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>The person holding the position, if filled.</summary>
    public string? Principal { get; init; }

    public IReadOnlyList<string> Staff { get; init; } = [];
}
