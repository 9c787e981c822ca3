namespace Hotline.Protocol.Envelopes;

/// <summary>What an envelope carries. Written as a big-endian u16; unknown values are carried and stored, not refused,
/// so an older node keeps a complete transcript of a newer peer. Bodies of types other than <see cref="Message"/> are
/// UTF-8 JSON documents (docs/protocol.md §Record bodies).</summary>
public enum EnvelopeType : ushort
{
    /// <summary>Free text from an operator.</summary>
    Message = 1,

    /// <summary>Opens a contact request; the envelope id is the request's id.</summary>
    ContactRequest = 2,

    /// <summary>One action on a contact request (acknowledge, accept, decline, counter, …).</summary>
    ContactAction = 3,

    /// <summary>The sender's party directory and its counterpart rules for this link, versioned.</summary>
    Directory = 4,

    /// <summary>The sender suspends or resumes the link, with a reason.</summary>
    Suspension = 5,
}
