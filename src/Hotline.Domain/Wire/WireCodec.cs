using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Hotline.Domain.ContactRequests;
using Hotline.Domain.Deadlines;
using Hotline.Domain.Directory;
using Hotline.Protocol;

namespace Hotline.Domain.Wire;

/// <summary>
/// Maps domain values to the JSON bodies of typed envelopes and back. Encoding is deterministic (times in UTC,
/// milliseconds). Decoding never throws on peer input: it reports what is wrong, and the node keeps the envelope in the
/// transcript while ignoring a body it cannot read.
/// </summary>
public static class WireCodec
{
    public const int MaxTextLength = 4000;

    public static byte[] Encode(ContactRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return JsonSerializer.SerializeToUtf8Bytes(new RequestBody
        {
            From = request.From.Value,
            To = request.To.Value,
            Kind = request.Kind.ToName(),
            Precedence = request.Precedence.ToName(),
            Purpose = request.Purpose,
            SentBy = request.SentBy,
            AcknowledgeBy = Utc(request.Deadlines.AcknowledgeBy),
            AnswerBy = Utc(request.Deadlines.AnswerBy),
            Engagement = request.Engagement.Id.Value,
            Attempt = request.Engagement.Attempt,
            WindowFrom = request.Window is { } w ? Utc(w.From) : null,
            WindowTo = request.Window is { } v ? Utc(v.To) : null,
            ExpiresAt = request.ExpiresAt is { } e ? Utc(e) : null,
            Follows = request.Follows?.Value,
        }, WireJsonContext.Default.RequestBody);
    }

    /// <summary>Reads an opening envelope's body into a request in <see cref="ContactRequestState.Sent"/>, named by the
    /// envelope id and timed by the envelope's creation time.</summary>
    public static bool TryDecodeRequest(ReadOnlySpan<byte> body, LinkId link, Guid envelopeId, DateTimeOffset sentAt,
        [NotNullWhen(true)] out ContactRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!TryRead(body, WireJsonContext.Default.RequestBody, out var b, out error))
        {
            return false;
        }

        if (!ContactKindNames.TryParse(b.Kind, out var kind))
        {
            error = $"unknown kind '{b.Kind}'";
            return false;
        }

        if (!PrecedenceNames.TryParse(b.Precedence, out var precedence))
        {
            error = $"unknown precedence '{b.Precedence}'";
            return false;
        }

        if (!DirectoryValidation.IsValidId(b.From) || !DirectoryValidation.IsValidId(b.To) || string.IsNullOrWhiteSpace(b.Purpose)
            || b.Purpose.Length > MaxTextLength || string.IsNullOrWhiteSpace(b.SentBy) || b.Attempt < 1 || (b.WindowFrom is null) != (b.WindowTo is null))
        {
            error = "a request names two valid positions, a purpose, who sent it, an attempt ≥ 1, and a window with both ends or none";
            return false;
        }

        // The same time rules as ContactRequestMachine.Open: a peer's request that could not have been opened is not read.
        if ((b.ExpiresAt is { } expiresAt && expiresAt <= sentAt) || (b.WindowFrom is { } windowFrom && b.WindowTo is { } windowTo && windowTo < windowFrom))
        {
            error = "a request expires after it is sent, and its window does not end before it starts";
            return false;
        }

        request = new ContactRequest
        {
            Id = new ContactRequestId(envelopeId),
            Link = link,
            From = new PositionId(b.From),
            To = new PositionId(b.To),
            Kind = kind,
            Purpose = b.Purpose,
            Precedence = precedence,
            SentAt = sentAt,
            SentBy = b.SentBy,
            Deadlines = new RequestDeadlines(b.AcknowledgeBy, b.AnswerBy),
            Engagement = new EngagementRef(new EngagementId(b.Engagement), b.Attempt),
            State = ContactRequestState.Sent,
            Window = b.WindowFrom is { } from && b.WindowTo is { } to ? new TimeWindow(from, to) : null,
            ExpiresAt = b.ExpiresAt,
            Follows = b.Follows is { } follows ? new ContactRequestId(follows) : null,
        };
        return true;
    }

    public static byte[] Encode(ContactRequestId request, ContactAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var body = new ActionBody { Request = request.Value, Action = action.Kind.ToName(), Actor = action.Actor };
        body = action switch
        {
            ContactAction.Accept a => body with { At = Utc(a.At), Channel = a.Channel },
            ContactAction.Decline d => body with { Code = d.Reason.ToName(), Text = d.Text },
            ContactAction.Counter c => body with { Counterpart = c.Counterpart?.Value, At = c.At is { } at ? Utc(at) : null, Text = c.Text },
            ContactAction.Withdraw w => body with { Text = w.Reason },
            ContactAction.Cancel c => body with { Text = c.Reason },
            ContactAction.Complete c => body with { Text = c.Outcome },
            ContactAction.Miss m => body with { Text = m.Note },
            ContactAction.Acknowledge => body,
            _ => throw new ArgumentException($"A {action.Kind.ToName()} is never sent: each node derives it.", nameof(action)),
        };
        return JsonSerializer.SerializeToUtf8Bytes(body, WireJsonContext.Default.ActionBody);
    }

    public static bool TryDecodeAction(ReadOnlySpan<byte> body, out ContactRequestId request, [NotNullWhen(true)] out ContactAction? action, [NotNullWhen(false)] out string? error)
    {
        request = default;
        action = null;
        if (!TryRead(body, WireJsonContext.Default.ActionBody, out var b, out error))
        {
            return false;
        }

        request = new ContactRequestId(b.Request);
        if ((b.Text?.Length ?? 0) > MaxTextLength || (b.Channel?.Length ?? 0) > MaxTextLength
            || string.IsNullOrWhiteSpace(b.Actor) || b.Actor == ContactAction.SystemActor)
        {
            error = "an action names the operator who took it and carries at most 4,000 characters of text (and of channel)";
            return false;
        }

        if (b.Counterpart is not null && !DirectoryValidation.IsValidId(b.Counterpart))
        {
            error = $"the counterpart '{b.Counterpart}' is not a valid position id";
            return false;
        }

        if (!ContactActionKindNames.TryParse(b.Action, out var kind))
        {
            error = $"unknown action '{b.Action}'";
            return false;
        }

        action = kind switch
        {
            ContactActionKind.Acknowledge => new ContactAction.Acknowledge(b.Actor),
            ContactActionKind.Accept when b.At is { } at => new ContactAction.Accept(b.Actor, at, b.Channel ?? ""),
            ContactActionKind.Decline when DeclineReasonNames.TryParse(b.Code, out var code) => new ContactAction.Decline(b.Actor, code, b.Text),
            ContactActionKind.Counter => new ContactAction.Counter(b.Actor, b.Counterpart is { } c ? new PositionId(c) : null, b.At, b.Text),
            ContactActionKind.Withdraw => new ContactAction.Withdraw(b.Actor, b.Text),
            ContactActionKind.Cancel => new ContactAction.Cancel(b.Actor, b.Text ?? ""),
            ContactActionKind.Complete => new ContactAction.Complete(b.Actor, b.Text ?? ""),
            ContactActionKind.Miss => new ContactAction.Miss(b.Actor, b.Text),
            _ => null,
        };
        error = action is null ? $"'{b.Action}' is not sent in an envelope, or lacks its time or code" : null;
        return action is not null;
    }

    public static byte[] Encode(PartyDirectory directory, IEnumerable<CounterpartBody> counterparts)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return JsonSerializer.SerializeToUtf8Bytes(new DirectoryBody
        {
            Party = directory.Party,
            Version = directory.Version,
            Positions = [.. directory.Positions.Select(ToBody)],
            Counterparts = [.. counterparts],
        }, WireJsonContext.Default.DirectoryBody);
    }

    public static PositionBody ToBody(Position position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return new PositionBody
        {
            Id = position.Id.Value,
            Title = position.Title,
            Level = position.Level,
            Authority = position.Authority.ToName(),
            Languages = position.Languages,
            Principal = position.Principal,
            Staff = position.Staff,
        };
    }

    /// <summary>Reads a directory (from a peer's envelope or an import file's shape) and validates it.</summary>
    public static bool TryDecodeDirectory(DirectoryBody body, [NotNullWhen(true)] out PartyDirectory? directory, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        directory = null;
        var positions = new List<Position>(body.Positions?.Count ?? 0);
        foreach (var p in body.Positions ?? [])
        {
            if (p is null)
            {
                error = "a directory lists a position that is null";
                return false;
            }

            if (!AuthorityNames.TryParse(p.Authority, out var authority))
            {
                error = $"position '{p.Id}' has authority '{p.Authority}'; use civilian, military or party";
                return false;
            }

            positions.Add(new Position
            {
                Id = new PositionId(p.Id ?? ""),
                Title = p.Title ?? "",
                Level = p.Level,
                Authority = authority,
                Languages = p.Languages ?? [],
                Principal = string.IsNullOrWhiteSpace(p.Principal) ? null : p.Principal.Trim(),
                Staff = p.Staff ?? [],
            });
        }

        var candidate = new PartyDirectory(body.Party ?? "", positions, body.Version);
        var problems = DirectoryValidation.Validate(candidate);
        if (problems.Length > 0)
        {
            error = string.Join(" ", problems.Select(p => p.Message));
            return false;
        }

        directory = candidate;
        error = null;
        return true;
    }

    public static bool TryDecodeDirectory(ReadOnlySpan<byte> body, [NotNullWhen(true)] out PartyDirectory? directory, out IReadOnlyList<CounterpartBody> counterparts, [NotNullWhen(false)] out string? error)
    {
        directory = null;
        counterparts = [];
        if (!TryRead(body, WireJsonContext.Default.DirectoryBody, out var b, out error))
        {
            return false;
        }

        if (!TryDecodeDirectory(b, out directory, out error))
        {
            return false;
        }

        // A counterpart rule names one of the sender's positions and a position id of ours, as the sender's import checks.
        var own = directory.Positions.Select(p => p.Id.Value).ToHashSet(StringComparer.Ordinal);
        var rules = b.Counterparts ?? [];
        foreach (var rule in rules)
        {
            if (rule is null || !own.Contains(rule.For ?? "") || !DirectoryValidation.IsValidId(rule.Counterpart))
            {
                error = rule is null
                    ? "a directory lists a counterpart rule that is null"
                    : $"the counterpart rule for '{rule.For}' (counterpart '{rule.Counterpart}') must name one of the directory's positions and a valid position id";
                directory = null;
                return false;
            }
        }

        counterparts = rules;
        return true;
    }

    public static byte[] Encode(SuspensionBody suspension) => JsonSerializer.SerializeToUtf8Bytes(suspension, WireJsonContext.Default.SuspensionBody);

    public static bool TryDecodeSuspension(ReadOnlySpan<byte> body, [NotNullWhen(true)] out SuspensionBody? suspension, [NotNullWhen(false)] out string? error)
    {
        if (!TryRead(body, WireJsonContext.Default.SuspensionBody, out suspension, out error))
        {
            return false;
        }

        if (suspension.Action is not ("suspend" or "resume") || string.IsNullOrWhiteSpace(suspension.Actor)
            || string.IsNullOrWhiteSpace(suspension.Reason) || suspension.Reason.Length > MaxTextLength)
        {
            error = "a suspension is 'suspend' or 'resume', names its operator, and gives a reason of at most 4,000 characters";
            suspension = null;
            return false;
        }

        return true;
    }

    /// <summary>Times travel in UTC with millisecond precision, as envelope times do.</summary>
    public static DateTimeOffset Utc(DateTimeOffset moment) => DateTimeOffset.FromUnixTimeMilliseconds(moment.ToUnixTimeMilliseconds());

    private static bool TryRead<T>(ReadOnlySpan<byte> body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out string? error)
        where T : class
    {
        try
        {
            value = JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException ex)
        {
            value = null;
            error = "the body is not valid JSON of its type: " + ex.Message;
            return false;
        }

        error = value is null ? "the body is empty (null)" : null;
        return value is not null;
    }
}
