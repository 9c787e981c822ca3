namespace Hotline.Domain;

/// <summary>A link between two nodes: the same 16 bytes as the link id written in every envelope.</summary>
public readonly record struct LinkId(Guid Value)
{
    public override string ToString() => Value.ToString("D");
}
