using System.CommandLine;
using Hotline.Node;
using Hotline.Node.Evidence;
using Hotline.Node.Witnessing;
using Hotline.Protocol;
using Hotline.Protocol.Evidence;
using Hotline.Protocol.Notes;
using Microsoft.Extensions.Configuration;

namespace Hotline.Cli.Commands;

/// <summary>
/// <c>hotline evidence export|verify</c>: a link's transcripts as offline-verifiable C2SP tlog-tiles trees
/// (docs/evidence.md). Export reads the data directory itself (the node may be running or not); verify needs nothing
/// but the exported files.
/// </summary>
internal static class EvidenceCommand
{
    public static Command Create(CliEnvironment environment) => new("evidence", "Export a link's transcripts as evidence anyone can verify offline, and verify it")
    {
        Export(environment),
        Prove(environment),
        Verify(environment),
    };

    /// <summary>The verifier keys written beside a proof file.</summary>
    public const string ProofKeysSuffix = ".verifiers";

    private static Command Prove(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var envelope = new Option<string>("--envelope") { Description = "The envelope's id", HelpName = "ID", Required = true };
        var outFile = new Option<string>("--out") { Description = "The proof file to write (its signers' keys go to FILE.verifiers)", HelpName = "FILE", Required = true };
        var command = new Command("prove", "Write a C2SP tlog-proof that one envelope was sent and received, with the envelope in it") { data, envelope, outFile };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            var output = environment.Output(json: false);
            var text = parseResult.GetRequiredValue(envelope);
            var id = Guid.TryParse(text, out var parsed) ? parsed : throw new CliException($"--envelope: '{text}' is not an envelope id");
            var target = Path.GetFullPath(parseResult.GetRequiredValue(outFile));
            var runtime = await NodeHost.OpenRuntimeAsync(parseResult.GetRequiredValue(data), cancellationToken);
            await using (runtime)
            {
                EnvelopeProofFile proof;
                try
                {
                    proof = await new EnvelopeProof(runtime, new EvidenceExporter(runtime)).ProveAsync(id, cancellationToken);
                }
                catch (InvalidOperationException ex)
                {
                    throw new CliException(ex.Message);
                }

                await File.WriteAllTextAsync(target, proof.Proof, cancellationToken);
                await File.WriteAllTextAsync(target + ProofKeysSuffix, string.Concat(proof.Keys.Select(k => k.ToVerifierKey() + "\n")), cancellationToken);
                output.WriteLine($"envelope {id}: entry {proof.Index} of {proof.Direction}, in the cosigned checkpoint of size {proof.Size}");
                output.WriteLine($"written to {target} (keys in {target}{ProofKeysSuffix}); check it with: hotline evidence verify {HumanFormat.ShellWord(target)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Export(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var link = CommonOptions.Link(required: true, "The link to export: its id or the peer node's name");
        var outDirectory = new Option<string>("--out") { Description = "The directory to write (must not exist or be empty)", HelpName = "OUT", Required = true };
        var disclose = new Option<string[]>("--disclose")
        {
            Description = "Envelope ids whose bodies to disclose (comma-separated or repeated); no other body is revealed",
            HelpName = "ID",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("export", "Write both directions of a link's transcript as C2SP tlog-tiles trees with their cosigned checkpoints")
        {
            data, link, outDirectory, disclose,
        };
        command.SetGuardedAction(environment, async (parseResult, cancellationToken) =>
        {
            var output = environment.Output(json: false);
            var target = Path.GetFullPath(parseResult.GetRequiredValue(outDirectory));
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            {
                throw new CliException($"{target} is not empty; evidence is written to a new directory");
            }

            var ids = new HashSet<Guid>();
            foreach (var text in (parseResult.GetValue(disclose) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                ids.Add(Guid.TryParse(text, out var id) ? id : throw new CliException($"--disclose: '{text}' is not an envelope id"));
            }

            var runtime = await NodeHost.OpenRuntimeAsync(parseResult.GetRequiredValue(data), cancellationToken);
            await using (runtime)
            {
                var found = await runtime.Store.FindLinkAsync(parseResult.GetRequiredValue(link), cancellationToken)
                    ?? throw new CliException($"no link has the id or peer name '{parseResult.GetRequiredValue(link)}'");
                var logs = await new EvidenceExporter(runtime, WitnessKeys(runtime.Data)).ExportAsync(found, target, ids, line => environment.Error.WriteLine(line), cancellationToken);
                if (logs.Count == 0)
                {
                    throw new CliException($"nothing on the link with {found.PeerName} has been receipted yet; there is no evidence to export");
                }

                var disclosed = logs.Sum(l => l.Disclosed);
                if (disclosed < ids.Count)
                {
                    throw new CliException($"{ids.Count - disclosed} of the envelopes to disclose are not in the receipted transcripts of this link");
                }

                foreach (var log in logs)
                {
                    output.WriteLine($"{Path.GetFileName(log.Directory)}: {log.Size} entries up to the receipted checkpoint{(log.Disclosed > 0 ? $", {log.Disclosed} bodies disclosed" : "")}");
                }

                output.WriteLine($"written to {target}; check it with: hotline evidence verify {HumanFormat.ShellWord(target)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Verify(CliEnvironment environment)
    {
        var path = new Argument<string>("PATH") { Description = "An export directory (or one direction of it), or a proof file from 'evidence prove'" };
        var command = new Command("verify", "Check exported evidence offline: signatures, cosignatures, tiles, entries, root and disclosures") { path };
        command.SetGuardedAction(environment, (parseResult, _) =>
        {
            var output = environment.Output(json: false);
            var root = Path.GetFullPath(parseResult.GetRequiredValue(path));
            if (File.Exists(root))
            {
                VerifyProof(output, root);
                return Task.FromResult(ExitCodes.Success);
            }

            if (!Directory.Exists(root))
            {
                throw new CliException($"{root} does not exist");
            }

            var directions = File.Exists(Path.Combine(root, ExportVerifier.CheckpointFile))
                ? [root]
                : Directory.EnumerateDirectories(root).Where(d => File.Exists(Path.Combine(d, ExportVerifier.CheckpointFile))).Order(StringComparer.Ordinal).ToList();
            if (directions.Count == 0)
            {
                throw new CliException($"{root} holds no evidence (no directory with a checkpoint file)");
            }

            foreach (var direction in directions)
            {
                var disclosed = Directory.Exists(Path.Combine(direction, ExportVerifier.DisclosedDirectory))
                    ? Directory.EnumerateFiles(Path.Combine(direction, ExportVerifier.DisclosedDirectory)).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
                    : [];
                var name = Path.GetFileName(direction);
                var tiles = Directory.Exists(Path.Combine(direction, "tile"))
                    ? Directory.EnumerateFiles(Path.Combine(direction, "tile"), "*", SearchOption.AllDirectories)
                        .Select(f => Path.GetRelativePath(direction, f).Replace(Path.DirectorySeparatorChar, '/')).ToList()
                    : [];
                if (!ExportVerifier.TryVerify(relative => Read(direction, relative), disclosed, out var log, out var error, tiles))
                {
                    throw new CliException($"{name}/{error}");
                }

                output.WriteLine($"{name}: OK — {log!.Size} entries of {log.Origin}, signed by {log.Sender}, cosigned by {string.Join(", ", log.Cosigners)}" +
                    (log.Disclosed > 0 ? $"; {log.Disclosed} disclosed bodies match their ciphertexts" : ""));
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>The configured witnesses' keys (DATA/config.json), so their cosignatures go into the export.</summary>
    private static List<NoteKey> WitnessKeys(DataDirectory data)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(data.Path, DataDirectory.ConfigFileName), optional: true).Build();
        var witnesses = configuration.GetSection("Hotline:Witnesses").Get<List<WitnessOptions>>() ?? [];
        return [.. witnesses.Select(w => NoteKey.TryParseVerifierKey(w.VerifierKey, out var key, out _) ? key : default).Where(k => k.PublicKey is not null)];
    }

    private static void VerifyProof(CliOutput output, string file)
    {
        var keysFile = file + ProofKeysSuffix;
        if (!File.Exists(keysFile))
        {
            throw new CliException($"{keysFile} is missing: the proof's signers' verifier keys are read from it");
        }

        if (!ProofVerifier.TryReadKeys(File.ReadAllBytes(keysFile), out var keys, out var keyError))
        {
            throw new CliException($"{keysFile}: {keyError}");
        }

        if (!ProofVerifier.TryVerify(File.ReadAllBytes(file), keys, out var verified, out var error))
        {
            throw new CliException($"{Path.GetFileName(file)}: {error}");
        }

        var envelope = verified!.Envelope;
        output.WriteLine($"{Path.GetFileName(file)}: OK — envelope {envelope.EnvelopeId} ({envelope.Precedence.ToName()}, created {HumanFormat.Timestamp(envelope.CreatedAt)}) " +
            $"is entry {verified.Index} of {verified.Sender}'s log on link {envelope.LinkId}, signed at size {verified.Size}");
        foreach (var cosignature in verified.Cosignatures)
        {
            output.WriteLine($"  cosigned by {cosignature.Key.Name} at {HumanFormat.Timestamp(DateTimeOffset.FromUnixTimeSeconds((long)cosignature.Timestamp))}");
        }
    }

    private static byte[]? Read(string directory, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(directory, relative.Replace('/', Path.DirectorySeparatorChar)));
        return full.StartsWith(directory, StringComparison.Ordinal) && File.Exists(full) ? File.ReadAllBytes(full) : null;
    }
}
