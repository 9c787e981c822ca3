namespace Hotline.Domain.Directory;

/// <summary>A party's directory as imported and shared with linked peers. <see cref="Version"/> grows with every
/// change, so a peer keeps the newest it has seen.</summary>
public sealed record PartyDirectory(string Party, IReadOnlyList<Position> Positions, long Version)
{
    public Position? Find(PositionId id) => Positions.FirstOrDefault(p => p.Id == id);
}
