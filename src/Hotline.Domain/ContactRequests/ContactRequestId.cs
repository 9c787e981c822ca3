namespace Hotline.Domain.ContactRequests;

/// <summary>A contact request: the envelope id of the envelope that opened it, so both nodes name it alike.</summary>
public readonly record struct ContactRequestId(Guid Value)
{
    public override string ToString() => Value.ToString("D");
}
