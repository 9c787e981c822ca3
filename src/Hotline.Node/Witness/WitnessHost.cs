using Hotline.Protocol.Crypto;
using Hotline.Protocol.Notes;
using Hotline.Storage.Witness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotline.Node.Witness;

/// <summary>What `hotline witness init` created.</summary>
public sealed record WitnessInitResult(string Name, string DataDirectory, string VerifierKey);

/// <summary>What `hotline witness trust` did: the log's origin and key, and whether the key was new.</summary>
public sealed record WitnessTrustResult(string Origin, string VerifierKey, bool Added);

/// <summary>A witness that has bound its listener and is serving.</summary>
public sealed record WitnessReady(string Name, string Url, string VerifierKey);

/// <summary>Entry points the CLI composes for a witness (docs/witness.md): create its data directory, trust logs,
/// list them, run its HTTP server.</summary>
public static class WitnessHost
{
    /// <summary>Largest add-checkpoint body: a signed note (at most 64 KiB) and 63 proof lines, with room to spare.</summary>
    public const long MaxRequestBodyBytes = 128 * 1024;

    /// <summary>Creates the witness's key (owner-only file) and database in a new data directory.</summary>
    public static async Task<WitnessInitResult> InitAsync(string dataDirectory, string name, CancellationToken cancellationToken)
    {
        if (!NoteKey.IsValidName(name))
        {
            throw new NodeSetupException($"'{name}' is not a valid witness name: it is a key name, without spaces or '+' (e.g. witness.example.org/w1).");
        }

        var data = new WitnessDirectory(dataDirectory);
        if (File.Exists(data.DatabasePath) || File.Exists(data.KeysPath))
        {
            throw new NodeSetupException($"{data.Path} already holds a witness; choose another directory.");
        }

        data.CreateDirectory();
        using var key = NodeSigningKey.FromSeed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        data.WriteKey(key);
        var store = await WitnessStore.OpenAsync(data.DatabasePath, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            await store.InitializeIdentityAsync(new WitnessIdentity(name, key.PublicKey, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        }

        return new WitnessInitResult(name, data.Path, new NoteKey(name, NoteKey.CosignatureV1Type, key.PublicKey).ToVerifierKey());
    }

    /// <summary>Trusts a log's Ed25519 verifier key (type 0x01) for the origin that is its key name.</summary>
    public static async Task<WitnessTrustResult> TrustAsync(string dataDirectory, string verifierKey, CancellationToken cancellationToken)
    {
        if (!NoteKey.TryParseVerifierKey(verifierKey, out var key, out var error))
        {
            throw new NodeSetupException($"'{verifierKey}' is not a verifier key: {error}.");
        }

        if (key.Type != NoteKey.Ed25519Type)
        {
            throw new NodeSetupException("A log's verifier key signs checkpoints: its type is Ed25519 (0x01), not a cosignature key.");
        }

        var store = await OpenAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            var added = await store.TrustLogAsync(key.Name, key.ToVerifierKey(), DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            return new WitnessTrustResult(key.Name, key.ToVerifierKey(), added);
        }
    }

    /// <summary>The witness's identity and its known logs with their latest cosigned sizes.</summary>
    public static async Task<(WitnessIdentity Identity, IReadOnlyList<WitnessedLog> Logs)> GetLogsAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var store = await OpenAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            return (await store.GetIdentityAsync(cancellationToken).ConfigureAwait(false), await store.GetLogsAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>The C2SP verifier key of a witness identity.</summary>
    public static string VerifierKeyOf(WitnessIdentity identity) => new NoteKey(identity.Name, NoteKey.CosignatureV1Type, identity.PublicKey).ToVerifierKey();

    /// <summary>
    /// Serves <c>POST /add-checkpoint</c> on <paramref name="listenUrl"/> until <paramref name="cancellationToken"/> fires
    /// (SIGINT/SIGTERM in the CLI), then stops gracefully; calls <paramref name="onReady"/> once it listens.
    /// </summary>
    public static async Task RunAsync(string dataDirectory, string listenUrl, Action<WitnessReady> onReady, CancellationToken cancellationToken)
    {
        var data = new WitnessDirectory(dataDirectory);
        var store = await OpenAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            using var key = data.ReadKey();
            var identity = await store.GetIdentityAsync(cancellationToken).ConfigureAwait(false);
            if (!identity.PublicKey.AsSpan().SequenceEqual(key.PublicKey))
            {
                throw new NodeSetupException($"{data.KeysPath} does not hold the key of the witness in {data.DatabasePath}.");
            }

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = data.Path, Args = [] });
            // Logs go to stderr: stdout carries one readiness line that scripts wait for.
            builder.Logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                options.UseUtcTimestamp = true;
            });
            builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            builder.WebHost.UseKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes).UseUrls(listenUrl);
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddSingleton(sp => new CheckpointWitness(store, identity.Name, key, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<CheckpointWitness>>()));
            builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
            builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, CallerOwnedLifetime>();

            var app = builder.Build();
            await using (app.ConfigureAwait(false))
            {
                app.MapWitnessApi();
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? listenUrl;
                Log.Listening(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hotline.Witness"), identity.Name, url);
                onReady(new WitnessReady(identity.Name, url, VerifierKeyOf(identity)));
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
                finally
                {
                    // Requests in flight finish (their checkpoints are stored before they answer) before the store closes.
                    await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task<WitnessStore> OpenAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var data = new WitnessDirectory(dataDirectory);
        return data.IsInitialized
            ? await WitnessStore.OpenAsync(data.DatabasePath, cancellationToken).ConfigureAwait(false)
            : throw new NodeSetupException($"{data.Path} is not a witness data directory (create one with: hotline witness init --data {dataDirectory} --name NAME).");
    }
}
