using System.Text.Json;
using Hotline.Protocol.Crypto;

namespace Hotline.Node.Witness;

/// <summary>
/// The files of a witness's data directory, owner-only (0700 directory, 0600 files) like a node's:
/// <code>
/// witness.db     SQLite database (WAL): identity, trusted logs, the latest cosigned checkpoint per log
/// witness.keys   {"signingSeed"} base64 — the witness's Ed25519 private key
/// </code>
/// </summary>
public sealed class WitnessDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string DatabasePath => System.IO.Path.Combine(Path, Storage.Witness.WitnessStore.FileName);

    public string KeysPath => System.IO.Path.Combine(Path, "witness.keys");

    public bool IsInitialized => File.Exists(DatabasePath) && File.Exists(KeysPath);

    public void CreateDirectory() => new DataDirectory(Path).CreateDirectory();

    public void WriteKey(NodeSigningKey key)
        => DataDirectory.WriteOwnerOnly(KeysPath, JsonSerializer.Serialize(new KeyFile(Convert.ToBase64String(key.ExportSeed())), WitnessFilesJsonContext.Default.KeyFile));

    public NodeSigningKey ReadKey()
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(KeysPath) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            throw new NodeSetupException($"{KeysPath} is readable by other users; restrict it with: chmod 600 {KeysPath}");
        }

        var file = JsonSerializer.Deserialize(File.ReadAllText(KeysPath), WitnessFilesJsonContext.Default.KeyFile)
            ?? throw new NodeSetupException($"{KeysPath} is empty.");
        return NodeSigningKey.FromSeed(Convert.FromBase64String(file.SigningSeed));
    }

    public sealed record KeyFile(string SigningSeed)
    {
        public override string ToString() => nameof(KeyFile);
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(WitnessDirectory.KeyFile))]
internal sealed partial class WitnessFilesJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
