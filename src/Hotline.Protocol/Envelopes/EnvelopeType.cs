namespace Hotline.Protocol.Envelopes;

/// <summary>What an envelope carries. Written as a big-endian u16; unknown values are carried and stored, not refused,
/// so an older node keeps a complete transcript of a newer peer.</summary>
public enum EnvelopeType : ushort
{
    Message = 1,
}
