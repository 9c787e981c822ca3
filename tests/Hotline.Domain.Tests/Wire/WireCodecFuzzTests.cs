using System.Text;
using System.Text.Json.Nodes;
using Hotline.Domain.ContactRequests;
using Hotline.Domain.Directory;
using Hotline.Domain.Wire;
using static Hotline.Domain.Tests.Wire.WireSamples;

namespace Hotline.Domain.Tests.Wire;

/// <summary>
/// Bounded fuzzing with fixed seeds (STYLE §11), as for envelopes: the record-body decoders never throw, whatever a
/// peer sends, and what they accept obeys the rules they promise. Two mutators: bytes (flips, inserts, cuts), and JSON
/// values replaced by odd values of other types (nulls in lists, huge numbers, dates out of range).
/// </summary>
public sealed class WireCodecFuzzTests
{
    private const int Iterations = 1_000;

    private static readonly string[] s_oddValues =
    [
        "null", "0", "-1", "1", "2147483648", "-9223372036854775809", "1e400", "0.5", "true", "\"\"", "\" \"", "\"x\"",
        "\"system\"", "\"SECDEF\"", "\"ack\"", "\"deliver\"", "\"expire\"", "\"FLASH\"", "\"suspend\"", "\"military\"",
        "\"no-reason-given\"", "[]", "[null]", "[[]]", "{}", "{\"id\":null}", "[\"\"]",
        "\"00000000-0000-0000-0000-000000000000\"", "\"2025-03-14T09:26:53.589+00:00\"", "\"0001-01-01T00:00:00+14:00\"",
        "\"9999-12-31T23:59:59.999-14:00\"", "\"2025-13-45T25:61:61Z\"", "\"\\u0000\"",
        "\"" + new string('x', 4_001) + "\"",
    ];

    private static IEnumerable<byte[]> Seeds() =>
    [
        WireCodec.Encode(FullRequest()),
        WireCodec.Encode(PlainRequest()),
        WireCodec.Encode(new ContactRequestId(EnvelopeId), Accept()),
        WireCodec.Encode(new ContactRequestId(EnvelopeId), Decline()),
        WireCodec.Encode(new ContactRequestId(EnvelopeId), new ContactAction.Counter("desk", Requests.Minister, SentAt, "text")),
        WireCodec.Encode(Parties.China(), Counterparts()),
        WireCodec.Encode(Suspension()),
    ];

    private static byte[] MutateBytes(Random random, byte[] original)
    {
        var bytes = original.ToList();
        for (var m = random.Next(1, 4); m > 0; m--)
        {
            switch (random.Next(5))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)"{}[]\",:0n\\ \u00ff"[random.Next(12)];
                    break;
                case 2:
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveAt(random.Next(bytes.Count));
                    break;
                default:
                    bytes = bytes.Take(random.Next(bytes.Count + 1)).ToList();
                    break;
            }
        }

        return [.. bytes];
    }

    private static byte[] MutateValues(Random random, byte[] original)
    {
        var root = JsonNode.Parse(original)!;
        for (var m = random.Next(1, 3); m > 0; m--)
        {
            var containers = new List<JsonNode>();
            Collect(root, containers);
            var container = containers[random.Next(containers.Count)];
            var odd = JsonNode.Parse(s_oddValues[random.Next(s_oddValues.Length)]);
            if (container is JsonObject obj && obj.Count > 0)
            {
                var name = obj.ElementAt(random.Next(obj.Count)).Key;
                if (random.Next(8) == 0)
                {
                    obj.Remove(name);
                }
                else
                {
                    obj[name] = odd;
                }
            }
            else if (container is JsonArray array)
            {
                if (array.Count > 0 && random.Next(2) == 0)
                {
                    array[random.Next(array.Count)] = odd;
                }
                else
                {
                    array.Add(odd);
                }
            }
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static void Collect(JsonNode? node, List<JsonNode> containers)
    {
        switch (node)
        {
            case JsonObject obj:
                containers.Add(obj);
                foreach (var (_, child) in obj)
                {
                    Collect(child, containers);
                }

                break;
            case JsonArray array:
                containers.Add(array);
                foreach (var child in array)
                {
                    Collect(child, containers);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>Runs every decoder on the body (each must return, not throw) and checks what is accepted.</summary>
    private static void DecodeAll(byte[] body)
    {
        if (TryDecode(body, out var request, out var error))
        {
            Assert.Null(error);
            Assert.True(DirectoryValidation.IsValidId(request!.From.Value) && DirectoryValidation.IsValidId(request.To.Value));
            Assert.False(string.IsNullOrWhiteSpace(request.Purpose));
            Assert.InRange(request.Purpose.Length, 1, WireCodec.MaxTextLength);
            Assert.False(string.IsNullOrWhiteSpace(request.SentBy));
            Assert.True(request.Engagement.Attempt >= 1);
            Assert.True(request.ExpiresAt is null || request.ExpiresAt > request.SentAt);
            Assert.True(request.Window is null || request.Window.Value.To >= request.Window.Value.From);
            Assert.Equal(ContactRequestState.Sent, request.State);

            // What was read can be sent on, and reads back the same (times to the millisecond).
            Assert.True(TryDecode(WireCodec.Encode(request), out var again, out error), error);
            Assert.Equal(WireCodec.Encode(request), WireCodec.Encode(again));
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(error));
        }

        if (WireCodec.TryDecodeAction(body, out var subject, out var action, out error))
        {
            Assert.Null(error);
            Assert.False(string.IsNullOrWhiteSpace(action.Actor));
            Assert.NotEqual(ContactAction.SystemActor, action.Actor);
            Assert.False(action.Kind is ContactActionKind.Deliver or ContactActionKind.Expire, action.Kind.ToName());
            Assert.True(WireCodec.TryDecodeAction(WireCodec.Encode(subject, action), out var subjectAgain, out var actionAgain, out error), error);
            Assert.Equal(subject, subjectAgain);
            Assert.Equal(action.Kind, actionAgain.Kind);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(error));
        }

        if (WireCodec.TryDecodeDirectory(body, out var directory, out var counterparts, out error))
        {
            Assert.Null(error);
            Assert.Empty(DirectoryValidation.Validate(directory));
            Assert.All(counterparts, c => Assert.True(directory.Find(new PositionId(c.For)) is not null && DirectoryValidation.IsValidId(c.Counterpart)));
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(error));
            Assert.Null(directory);
            Assert.Empty(counterparts);
        }

        if (WireCodec.TryDecodeSuspension(body, out var suspension, out error))
        {
            Assert.Null(error);
            Assert.True(suspension.Action is "suspend" or "resume", suspension.Action);
            Assert.False(string.IsNullOrWhiteSpace(suspension.Actor));
            Assert.False(string.IsNullOrWhiteSpace(suspension.Reason));
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(error));
            Assert.Null(suspension);
        }
    }

    [Fact]
    public void ALoneSurrogateEscape_InAnyStringValue_IsRefusedByEveryDecoder()
    {
        // "\ud800" is valid JSON syntax but no UTF-16 text; System.Text.Json reports it as a JsonException.
        foreach (var seed in Seeds())
        {
            var text = Encoding.UTF8.GetString(seed);
            var quote = text.IndexOf(":\"", StringComparison.Ordinal);
            while (quote >= 0)
            {
                var body = Encoding.UTF8.GetBytes(text[..(quote + 2)] + "\\ud800" + text[(quote + 2)..]);
                DecodeAll(body);
                Assert.False(TryDecode(body, out _, out _));
                Assert.False(WireCodec.TryDecodeAction(body, out _, out _, out _));
                Assert.False(WireCodec.TryDecodeDirectory(body, out _, out _, out _));
                Assert.False(WireCodec.TryDecodeSuspension(body, out _, out _));
                quote = text.IndexOf(":\"", quote + 1, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Decoders_OfByteMutations_NeverThrow()
    {
        var random = new Random(4_000);
        foreach (var seed in Seeds())
        {
            DecodeAll(seed);
            for (var i = 0; i < Iterations; i++)
            {
                DecodeAll(MutateBytes(random, seed));
            }
        }
    }

    [Fact]
    public void Decoders_OfValueMutations_NeverThrow()
    {
        var random = new Random(4_001);
        foreach (var seed in Seeds())
        {
            for (var i = 0; i < Iterations; i++)
            {
                DecodeAll(MutateValues(random, seed));
            }
        }
    }
}
