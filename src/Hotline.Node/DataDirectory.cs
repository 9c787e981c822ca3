using System.Security.Cryptography;
using System.Text.Json;
using Hotline.Protocol.Crypto;

namespace Hotline.Node;

/// <summary>
/// The files of a node's data directory. Secrets (node.keys, operator.token) and the run file (api.json) are written
/// owner-only (0600) in a directory that is itself owner-only (0700).
/// <code>
/// hotline.db        SQLite database (WAL) with all state
/// node.keys         {"signingSeed","agreementPrivateKey"} base64 — the node's private keys
/// operator.token    bearer token for the operator API
/// api.json          {"url","pid"} while a node runs on this directory
/// config.json       optional settings (section "Hotline": deadlines, escalation, webhooks)
/// </code>
/// </summary>
public sealed class DataDirectory(string path)
{
    public const string ConfigFileName = "config.json";

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string DatabasePath => System.IO.Path.Combine(Path, Storage.Sqlite.SqliteNodeStore.FileName);

    public string KeysPath => System.IO.Path.Combine(Path, "node.keys");

    public string TokenPath => System.IO.Path.Combine(Path, "operator.token");

    public string RunFilePath => System.IO.Path.Combine(Path, "api.json");

    public bool IsInitialized => File.Exists(DatabasePath) && File.Exists(KeysPath) && File.Exists(TokenPath);

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public void CreateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path);
        }
        else
        {
            Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Writes a file that only the owner can read, atomically (temp file, then rename).</summary>
    public static void WriteOwnerOnly(string file, string content)
    {
        var temp = file + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, file, overwrite: true);
    }

    public void WriteKeys(NodeSigningKey signing, NodeAgreementKey agreement)
    {
        var json = new KeyFile(Convert.ToBase64String(signing.ExportSeed()), Convert.ToBase64String(agreement.ExportPrivateKey()));
        WriteOwnerOnly(KeysPath, JsonSerializer.Serialize(json, NodeFilesJsonContext.Default.KeyFile));
    }

    public (NodeSigningKey Signing, NodeAgreementKey Agreement) ReadKeys()
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(KeysPath) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            throw new InvalidOperationException($"{KeysPath} is readable by other users; restrict it with: chmod 600 {KeysPath}");
        }

        var keys = JsonSerializer.Deserialize(File.ReadAllText(KeysPath), NodeFilesJsonContext.Default.KeyFile)
            ?? throw new InvalidOperationException($"{KeysPath} is empty.");
        return (NodeSigningKey.FromSeed(Convert.FromBase64String(keys.SigningSeed)),
                NodeAgreementKey.FromPrivateKey(Convert.FromBase64String(keys.AgreementPrivateKey)));
    }

    public string CreateOperatorToken()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        WriteOwnerOnly(TokenPath, token + "\n");
        return token;
    }

    public string ReadOperatorToken() => File.ReadAllText(TokenPath).Trim();

    public void WriteRunFile(string url) => WriteOwnerOnly(RunFilePath,
        JsonSerializer.Serialize(new RunFile(url, Environment.ProcessId), NodeFilesJsonContext.Default.RunFile));

    public RunFile? ReadRunFile()
        => File.Exists(RunFilePath) ? JsonSerializer.Deserialize(File.ReadAllText(RunFilePath), NodeFilesJsonContext.Default.RunFile) : null;

    public void DeleteRunFile()
    {
        // Only remove our own run file: a second node started by mistake on this directory must not erase the first's.
        if (ReadRunFile() is { } run && run.Pid == Environment.ProcessId)
        {
            File.Delete(RunFilePath);
        }
    }

    public sealed record KeyFile(string SigningSeed, string AgreementPrivateKey)
    {
        public override string ToString() => nameof(KeyFile);
    }

    public sealed record RunFile(string Url, int Pid);
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(DataDirectory.KeyFile))]
[System.Text.Json.Serialization.JsonSerializable(typeof(DataDirectory.RunFile))]
internal sealed partial class NodeFilesJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
