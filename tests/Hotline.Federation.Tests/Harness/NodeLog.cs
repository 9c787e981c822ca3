using System.Globalization;
using System.Text;

namespace Hotline.Federation.Tests.Harness;

/// <summary>
/// What a node process printed, across all its runs, with the time and stream of each line. Bounded: a node that logs
/// every envelope must not fill the test host's memory; the newest lines are the ones that explain a failure.
/// </summary>
public sealed class NodeLog
{
    private const int MaxLines = 4000;
    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new();
    private readonly string _name;
    private long _dropped;

    public NodeLog(string name)
    {
        _name = name;
    }

    /// <summary>Called with every line as it arrives (for example to forward it to a test's output).</summary>
    public Action<string>? Observer { get; set; }

    public void Append(string stream, string line)
    {
        var entry = string.Create(
            CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} [{_name} {stream}] {line}");
        lock (_gate)
        {
            _lines.Enqueue(entry);
            if (_lines.Count > MaxLines)
            {
                _lines.Dequeue();
                _dropped++;
            }
        }

        try
        {
            Observer?.Invoke(entry);
        }
        catch (InvalidOperationException)
        {
            // The observer's sink is gone (e.g. the test finished while the node was still printing): keep the line here.
        }
    }

    /// <summary>The last <paramref name="lines"/> lines.</summary>
    public string Tail(int lines = 200)
    {
        lock (_gate)
        {
            var builder = new StringBuilder();
            var skip = Math.Max(0, _lines.Count - lines);
            if (_dropped + skip > 0)
            {
                builder.Append(CultureInfo.InvariantCulture, $"[{_name}: {_dropped + skip} earlier lines omitted]").AppendLine();
            }

            foreach (var line in _lines.Skip(skip))
            {
                builder.AppendLine(line);
            }

            return builder.ToString();
        }
    }

    public override string ToString() => Tail(MaxLines);
}
