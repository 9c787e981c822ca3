using System.Diagnostics;
using System.Text.Json;

namespace Hotline.Cli;

/// <summary>Where a running node is found: <c>hotline run</c> writes DATA/api.json, <c>hotline init</c> wrote DATA/operator.token.</summary>
internal sealed record NodeEndpoint(Uri Url, string OperatorToken, string DataDirectory)
{
    // Holds a bearer token: never print it by accident.
    public override string ToString() => $"NodeEndpoint {{ Url = {Url}, DataDirectory = {DataDirectory} }}";
}

/// <summary>Finds the node running on a data directory (file names and formats are the node's own <see cref="Node.DataDirectory"/>).</summary>
internal static class NodeDiscovery
{
    /// <summary>Finds the node running on <paramref name="path"/> (as the operator typed it), or explains why there is none.</summary>
    public static NodeEndpoint FindRunningNode(string path)
    {
        var data = new Node.DataDirectory(path);
        if (!File.Exists(data.TokenPath) && !File.Exists(data.DatabasePath))
        {
            throw new CliException(NotADataDirectoryMessage(path));
        }

        var run = ReadRunFile(data);
        if (run is null
            || !Uri.TryCreate(run.Url, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || (run.Pid > 0 && !IsProcessAlive(run.Pid)))
        {
            throw new CliException(NoNodeRunningMessage(path));
        }

        return new NodeEndpoint(url, ReadOperatorToken(data), path);
    }

    public static string NotADataDirectoryMessage(string path) =>
        $"{HumanFormat.ShellWord(path)} is not a hotline data directory (create one with: hotline init --data {HumanFormat.ShellWord(path)} --name NAME)";

    public static string NoNodeRunningMessage(string path) =>
        $"no node is running on {HumanFormat.ShellWord(path)} (start one with: hotline run --data {HumanFormat.ShellWord(path)})";

    private static Node.DataDirectory.RunFile? ReadRunFile(Node.DataDirectory data)
    {
        try
        {
            return data.ReadRunFile();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // Gone between the check and the read, half-written or unreadable: in every case no node to talk to.
            return null;
        }
    }

    private static string ReadOperatorToken(Node.DataDirectory data)
    {
        var file = HumanFormat.ShellWord(data.TokenPath);
        string token;
        try
        {
            token = data.ReadOperatorToken();
        }
        catch (FileNotFoundException ex)
        {
            throw new CliException($"{file} is missing (hotline init writes it; the node accepts no operator request without it)", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliException($"cannot read {file}: permission denied (run as the user that owns the node)", ex);
        }
        catch (IOException ex)
        {
            throw new CliException($"cannot read {file}: {ex.Message}", ex);
        }

        return token.Length > 0 ? token : throw new CliException($"{file} is empty");
    }

    private static bool IsProcessAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
