using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Hotline.Cli;

/// <summary>Writes a command's result to standard output, either for people or, with --json, for programs.</summary>
internal sealed class CliOutput(TextWriter writer, bool json)
{
    public const string ErrorPrefix = "hotline: error: ";

    /// <summary>True when the operator asked for --json.</summary>
    public bool Json { get; } = json;

    public TextWriter Writer { get; } = writer;

    public void WriteLine(string line = "") => Writer.WriteLine(line);

    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo) => Writer.WriteLine(JsonSerializer.Serialize(value, typeInfo));

    /// <summary>
    /// Starts a JSON array written element by element, so a listing of any size streams instead of being held in
    /// memory. Disposing closes the array, also on failure, so what was written stays valid JSON.
    /// </summary>
    public JsonArrayWriter<T> BeginJsonArray<T>(JsonTypeInfo<T> compactTypeInfo) => new(Writer, compactTypeInfo);

    /// <summary>Writes a listing as a JSON array, element by element (see <see cref="BeginJsonArray"/>).</summary>
    public void WriteJsonArray<T>(IEnumerable<T> elements, JsonTypeInfo<T> compactTypeInfo)
    {
        using var array = BeginJsonArray(compactTypeInfo);
        foreach (var element in elements)
        {
            array.Write(element);
        }
    }

    /// <summary>Writes a listing read page by page as a JSON array, element by element, as it arrives.</summary>
    public async Task WriteJsonArrayAsync<T>(IAsyncEnumerable<T> elements, JsonTypeInfo<T> compactTypeInfo, CancellationToken cancellationToken)
    {
        using var array = BeginJsonArray(compactTypeInfo);
        await foreach (var element in elements.WithCancellation(cancellationToken))
        {
            array.Write(element);
        }
    }

    /// <summary>Prints the single error line every failed command ends with.</summary>
    public static void WriteError(TextWriter error, string message)
    {
        // One line, whatever the message: a multi-line error would be mistaken for several.
        var oneLine = message.ReplaceLineEndings(" ").Trim();
        error.WriteLine(ErrorPrefix + oneLine);
        error.Flush();
    }
}

/// <summary>A JSON array written one compact element per line: <c>[</c>, elements, <c>]</c>.</summary>
internal sealed class JsonArrayWriter<T>(TextWriter writer, JsonTypeInfo<T> typeInfo) : IDisposable
{
    private bool _started;
    private bool _disposed;

    public int Count { get; private set; }

    public void Write(T element)
    {
        writer.Write(_started ? "," : "[");
        writer.Write(writer.NewLine);
        writer.Write("  ");
        _started = true;
        writer.Write(JsonSerializer.Serialize(element, typeInfo));
        Count++;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_started)
        {
            writer.WriteLine();
        }

        writer.WriteLine(_started ? "]" : "[]");
        writer.Flush();
    }
}
