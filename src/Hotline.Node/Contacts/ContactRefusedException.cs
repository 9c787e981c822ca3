using Hotline.Domain.ContactRequests;

namespace Hotline.Node.Contacts;

/// <summary>A contact-request action (or a suspension) refused: nothing was stored or sent. <see cref="Code"/> names the
/// rule (a <see cref="DecisionReason"/>, or a node-level one such as <c>Suspended</c> or <c>UnknownPosition</c>).</summary>
public sealed class ContactRefusedException : Exception
{
    public ContactRefusedException(DecisionReason reason, string message) : base(message) => Code = reason.ToString();

    public ContactRefusedException(string code, string message) : base(message) => Code = code;

    public ContactRefusedException() : this("Refused", "The action was refused.")
    {
    }

    public ContactRefusedException(string message) : this("Refused", message)
    {
    }

    public ContactRefusedException(string message, Exception inner) : base(message, inner) => Code = "Refused";

    public string Code { get; }

    /// <summary>Not found, a state conflict, or bad input: the operator API answers 404, 409 or 422.</summary>
    public int StatusCode => Code switch
    {
        "UnknownRequest" or "UnknownLink" => 404,
        nameof(DecisionReason.IllegalInState) or nameof(DecisionReason.WrongSide) or nameof(DecisionReason.ExpiredAlready)
            or nameof(DecisionReason.NotYetDue) or "Suspended" or "WrongLink" => 409,
        _ => 422,
    };
}
