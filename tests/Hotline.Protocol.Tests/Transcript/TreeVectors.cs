namespace Hotline.Protocol.Tests.Transcript;

/// <summary>A tree vector file (rfc6962-merkle.txt, go-x-mod/tlog-*.txt) read into its parts.</summary>
internal sealed class TreeVectors
{
    private TreeVectors(string file)
    {
        foreach (var fields in Vectors.Lines(file))
        {
            switch (fields[0])
            {
                case "entry": Entries.Add(Vectors.Hex(fields[2])); break;
                case "leaf": LeafHashes.Add(Vectors.Hex(fields[2])); break;
                case "root": Roots[long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture)] = Vectors.Hex(fields[2]); break;
                case "inclusion": Inclusions.Add(new(Number(fields[1]), Number(fields[2]), Vectors.HexList(fields[3]))); break;
                case "consistency": Consistencies.Add(new(Number(fields[1]), Number(fields[2]), Vectors.HexList(fields[3]))); break;
                default: throw new InvalidDataException($"{file}: unknown line kind '{fields[0]}'");
            }
        }
    }

    public List<byte[]> Entries { get; } = [];

    public List<byte[]> LeafHashes { get; } = [];

    public Dictionary<long, byte[]> Roots { get; } = [];

    public List<(long Index, long Size, List<byte[]> Proof)> Inclusions { get; } = [];

    public List<(long OldSize, long NewSize, List<byte[]> Proof)> Consistencies { get; } = [];

    public static TreeVectors Read(string file) => new(file);

    private static long Number(string text) => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
