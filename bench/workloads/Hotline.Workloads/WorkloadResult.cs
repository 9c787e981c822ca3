using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hotline.Workloads;

public sealed record Metric(string Name, double Value, string Unit);

/// <summary>One workload run: what was measured, on what, when. Appended as one JSON line to the results file.</summary>
public sealed record WorkloadResult(
    string Workload,
    string Description,
    DateTimeOffset StartedAt,
    string? Commit,
    int ProcessorCount,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<Metric> Metrics,
    bool Passed,
    string? Failure)
{
    /// <summary>The small table printed after a run.</summary>
    public string ToTable()
    {
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"{Workload}: {Description}");
        builder.AppendLine(CultureInfo.InvariantCulture, $"  {string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}"))}");
        var width = Math.Max(10, Metrics.Count == 0 ? 0 : Metrics.Max(m => m.Name.Length));
        builder.AppendLine(CultureInfo.InvariantCulture, $"  {"metric".PadRight(width)}  {"value",12}  unit");
        builder.AppendLine(CultureInfo.InvariantCulture, $"  {new string('-', width)}  {new string('-', 12)}  ----");
        foreach (var metric in Metrics)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"  {metric.Name.PadRight(width)}  {metric.Value,12:0.###}  {metric.Unit}");
        }

        builder.AppendLine(Passed ? "  result: ok" : $"  result: FAILED: {Failure}");
        return builder.ToString();
    }

    public void AppendTo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.AppendAllText(path, JsonSerializer.Serialize(this, ResultJsonContext.Default.WorkloadResult) + "\n");
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(WorkloadResult))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;
