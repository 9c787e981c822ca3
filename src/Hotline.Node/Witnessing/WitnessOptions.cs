using Hotline.Protocol.Notes;

namespace Hotline.Node.Witnessing;

/// <summary>One witness this node submits its checkpoints to (configuration <c>Hotline:Witnesses</c>).</summary>
public sealed class WitnessOptions
{
    /// <summary>The witness's name: the key name of its cosignatures (the name in its verifier key).</summary>
    public string Name { get; set; } = "";

    /// <summary>The witness's submission prefix: add-checkpoint is POSTed to <c>{Url}/add-checkpoint</c>.</summary>
    public string Url { get; set; } = "";

    /// <summary>The witness's C2SP verifier key (<c>name+keyid+base64</c>, type 0x04), which `hotline witness init` prints.</summary>
    public string VerifierKey { get; set; } = "";

    /// <summary>The parsed verifier key (valid once <see cref="Validate"/> found no problem).</summary>
    public NoteKey Key() => NoteKey.TryParseVerifierKey(VerifierKey, out var key, out _) ? key : throw new InvalidOperationException($"Witness {Name}: invalid verifier key.");

    /// <summary>Everything wrong with the witness settings.</summary>
    public static IEnumerable<string> Validate(IReadOnlyList<WitnessOptions> witnesses, int? quorum, TimeSpan retryCap)
    {
        foreach (var witness in witnesses)
        {
            if (!NoteKey.TryParseVerifierKey(witness.VerifierKey, out var key, out var error))
            {
                yield return $"Witness {witness.Name}: VerifierKey is not a verifier key ({error}).";
            }
            else if (key.Type != NoteKey.CosignatureV1Type)
            {
                yield return $"Witness {witness.Name}: VerifierKey is not a cosignature key (type 0x04).";
            }
            else if (!string.Equals(key.Name, witness.Name, StringComparison.Ordinal))
            {
                yield return $"Witness {witness.Name}: Name must be the name in its VerifierKey ('{key.Name}').";
            }

            if (!Uri.TryCreate(witness.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                yield return $"Witness {witness.Name}: Url '{witness.Url}' is not an absolute http(s) URL.";
            }
        }

        if (witnesses.GroupBy(w => w.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            yield return $"Witness {twice.Key} is configured twice.";
        }

        if (quorum is { } k && (k < 1 || k > witnesses.Count))
        {
            yield return $"WitnessQuorum must be between 1 and the number of witnesses ({witnesses.Count}).";
        }

        if (retryCap <= TimeSpan.Zero)
        {
            yield return "WitnessRetryCap must be positive.";
        }
    }
}
