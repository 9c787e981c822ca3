namespace Hotline.Cli;

/// <summary>
/// A plain-text table with left-aligned columns. Column widths are fixed by the rows of the first
/// <see cref="Flush"/>, so a long listing can be written page by page without holding it all.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private const string Gap = "  ";
    private readonly List<string[]> _rows = [];
    private int[]? _widths;

    /// <summary>False for a list of "label  value" lines that needs no header row.</summary>
    public bool WriteHeader { get; init; } = true;

    /// <summary>Written before every line, to set a table inside a block.</summary>
    public string Indent { get; init; } = "";

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void Flush(TextWriter writer)
    {
        if (_widths is null)
        {
            _widths = headers.Select(h => h.Length).ToArray();
            foreach (var row in _rows)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    _widths[i] = Math.Max(_widths[i], row[i].Length);
                }
            }

            if (WriteHeader)
            {
                WriteRow(writer, headers, _widths);
            }
        }

        foreach (var row in _rows)
        {
            WriteRow(writer, row, _widths);
        }

        _rows.Clear();
    }

    private void WriteRow(TextWriter writer, string[] cells, int[] widths)
    {
        var line = Indent + string.Join(Gap, cells.Select((cell, i) => cell.PadRight(widths[i])));
        writer.WriteLine(line.TrimEnd());
    }
}
