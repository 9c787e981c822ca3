namespace Hotline.Domain.Directory;

/// <summary>A position's id within its party's directory ("secdef", "cmc-vice-chairman"); ids of the two parties of
/// a link are separate name spaces.</summary>
public readonly record struct PositionId(string Value)
{
    public override string ToString() => Value;
}
