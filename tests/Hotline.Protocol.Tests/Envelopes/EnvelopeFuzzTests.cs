using Hotline.Protocol.Envelopes;
using Hotline.Protocol.Notes;

namespace Hotline.Protocol.Tests.Envelopes;

/// <summary>
/// Bounded mutation fuzzing with fixed seeds (STYLE §11): the parsers of hostile input never throw, and whatever
/// they accept encodes back to the same bytes.
/// </summary>
public sealed class EnvelopeFuzzTests
{
    private const int Iterations = 20_000;

    private static byte[] Mutate(Random random, byte[] original)
    {
        var bytes = original.ToList();
        var mutations = random.Next(1, 5);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveAt(random.Next(bytes.Count));
                    break;
                case 4:
                    bytes = bytes.Take(random.Next(bytes.Count + 1)).ToList();
                    break;
                default:
                    // An extreme byte in a length, sequence, precedence, type or time field.
                    var offset = new[] { 87, 88, 36, 44, 45, 47 }[random.Next(6)];
                    if (offset < bytes.Count)
                    {
                        bytes[offset] = (byte)(random.Next(2) == 0 ? 0xff : 0x00);
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    [Fact]
    public void TryDecode_OfRandomMutations_NeverThrows_AndAcceptedBytesReencodeIdentically()
    {
        var random = new Random(20_000);
        var seeds = new[]
        {
            EnvelopeTests.Sample().Encode(),
            EnvelopeTests.Sample(Precedence.Flash, "Staatssekretär", "国防部长", new byte[300]).Encode(),
            EnvelopeTests.Sample(body: []).Encode(),
        };
        var accepted = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var bytes = Mutate(random, seeds[i % seeds.Length]);
            if (Envelope.TryDecode(bytes, out var envelope, out var error))
            {
                accepted++;
                Assert.Null(error);
                Assert.Equal(bytes, envelope.Encode());
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }

        Assert.InRange(accepted, 1, Iterations - 1);
    }

    [Fact]
    public void TryDecode_OfRandomBytes_NeverThrows()
    {
        var random = new Random(7);
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            if (random.Next(2) == 0 && bytes.Length >= 4)
            {
                "HLE\u0001"u8.CopyTo(bytes);
            }

            if (Envelope.TryDecode(bytes, out var envelope, out var error))
            {
                Assert.Equal(bytes, envelope.Encode());
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }
    }

    [Fact]
    public void NoteAndCheckpointParsers_OfRandomMutations_NeverThrow()
    {
        var random = new Random(6962);
        var note = Vectors.ReadText("go-x-mod/cosigned-checkpoint.note");
        var alphabet = "\n \u2014+=/0123456789abcdefABCDEF\t\r\0é".ToCharArray();
        for (var i = 0; i < Iterations; i++)
        {
            var chars = note.ToList();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                var position = random.Next(chars.Count + 1);
                switch (random.Next(3))
                {
                    case 0 when position < chars.Count: chars[position] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1 when position < chars.Count: chars.RemoveAt(position); break;
                    default: chars.Insert(position, alphabet[random.Next(alphabet.Length)]); break;
                }
            }

            var text = new string([.. chars]);
            if (SignedNote.TryParse(text, out var parsed, out _))
            {
                _ = Checkpoint.TryParse(parsed.Text, out _, out _);
                foreach (var signature in parsed.Signatures)
                {
                    _ = Cosignature.Verify(parsed.Text, signature, new NoteKey(signature.KeyName, NoteKey.CosignatureV1Type, new byte[32]), out _);
                }
            }

            _ = Checkpoint.TryParse(text, out _, out _);
            _ = NoteKey.TryParseVerifierKey(text, out _, out _);
        }
    }
}
