using System.Net;
using System.Net.Sockets;
using Hotline.Node.Api;
using Hotline.Node.Evidence;
using Hotline.Node.Federation;
using Hotline.Protocol.Crypto;
using Hotline.Protocol.Transcript;
using Hotline.Storage;
using Hotline.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotline.Node;

/// <summary>What `hotline init` asks for.</summary>
public sealed record InitRequest(string DataDirectory, string Name, string? ListenUrl);

/// <summary>What `hotline init` created.</summary>
public sealed record InitResult(string Name, string DataDirectory, string ListenUrl, string SigningPublicKey);

/// <summary>A node that has bound its listener and is serving.</summary>
public sealed record NodeReady(string Name, string Url);

/// <summary>A data directory or its settings are not usable; the message tells the operator what to do.</summary>
public sealed class NodeSetupException(string message) : Exception(message)
{
    public NodeSetupException() : this("The node cannot start.")
    {
    }

    public NodeSetupException(string message, Exception inner) : this(message + " " + inner.Message)
    {
    }
}

/// <summary>Entry points the CLI composes: create a node's data directory, run a node.</summary>
public static class NodeHost
{
    /// <summary>Largest request body (a batch of envelopes in base64 with room to spare).</summary>
    public const long MaxRequestBodyBytes = 16 * 1024 * 1024;

    /// <summary>Creates keys (owner-only files), the SQLite database and the operator token in a new data directory.</summary>
    public static async Task<InitResult> InitAsync(InitRequest request, CancellationToken cancellationToken)
    {
        if (!TranscriptNames.IsValidNodeName(request.Name))
        {
            throw new NodeSetupException($"'{request.Name}' is not a valid node name: use 1 to 64 letters, digits, '.', '_' or '-'.");
        }

        var listen = request.ListenUrl ?? $"http://127.0.0.1:{FreeLoopbackPort()}";
        ValidateListenUrl(listen);
        var data = new DataDirectory(request.DataDirectory);
        if (File.Exists(data.DatabasePath) || File.Exists(data.KeysPath))
        {
            throw new NodeSetupException($"{data.Path} already holds a node; choose another directory.");
        }

        data.CreateDirectory();
        using var signing = NodeSigningKey.FromSeed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var agreement = NodeAgreementKey.FromPrivateKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        data.WriteKeys(signing, agreement);
        data.CreateOperatorToken();
        var store = await SqliteNodeStore.OpenAsync(data.DatabasePath, new SqliteStoreOptions(), cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            await store.InitializeIdentityAsync(new NodeIdentity(request.Name, signing.PublicKey, agreement.PublicKey, listen, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
        }

        return new InitResult(request.Name, data.Path, listen, Convert.ToBase64String(signing.PublicKey));
    }

    /// <summary>
    /// The node's identity, keys and store without its server: for offline work on a data directory (evidence export),
    /// beside a running node or not (SQLite WAL lets readers run beside its writer). The caller disposes it.
    /// </summary>
    public static Task<NodeRuntime> OpenRuntimeAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var data = new DataDirectory(dataDirectory);
        return data.IsInitialized
            ? OpenRuntimeAsync(data, new SqliteStoreOptions(), cancellationToken)
            : throw new NodeSetupException($"{data.Path} is not a hotline data directory (create one with: hotline init --data {dataDirectory} --name NAME).");
    }

    private static async Task<NodeRuntime> OpenRuntimeAsync(DataDirectory data, SqliteStoreOptions storeOptions, CancellationToken cancellationToken)
    {
        var (signing, agreement) = data.ReadKeys();
        var store = await SqliteNodeStore.OpenAsync(data.DatabasePath, storeOptions, cancellationToken).ConfigureAwait(false);
        var identity = await store.GetIdentityAsync(cancellationToken).ConfigureAwait(false);
        if (!identity.SigningPublicKey.AsSpan().SequenceEqual(signing.PublicKey) || !identity.AgreementPublicKey.AsSpan().SequenceEqual(agreement.PublicKey))
        {
            await store.DisposeAsync().ConfigureAwait(false);
            signing.Dispose();
            agreement.Dispose();
            throw new NodeSetupException($"{data.KeysPath} does not hold the keys of the node in {data.DatabasePath}.");
        }

        return new NodeRuntime(data, identity, signing, agreement, store);
    }

    /// <summary>
    /// Runs the node until <paramref name="cancellationToken"/> fires (SIGINT/SIGTERM in the CLI). Writes DATA/api.json
    /// ({"url","pid"}) when ready, calls <paramref name="onReady"/> with its name and URL, and removes api.json on graceful stop.
    /// </summary>
    public static async Task RunAsync(string dataDirectory, string? listenUrl, Action<NodeReady> onReady, CancellationToken cancellationToken)
    {
        var data = new DataDirectory(dataDirectory);
        if (!data.IsInitialized)
        {
            throw new NodeSetupException($"{data.Path} is not a hotline data directory (create one with: hotline init --data {dataDirectory} --name NAME).");
        }

        if (data.ReadRunFile() is { } running && running.Pid != Environment.ProcessId && IsAlive(running.Pid))
        {
            throw new NodeSetupException($"A node is already running on {data.Path} (pid {running.Pid}, {running.Url}).");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = data.Path, Args = [] });
        // DATA/config.json holds the hotline's settings (docs/configuration.md); HOTLINE_ variables override it.
        builder.Configuration.AddJsonFile(Path.Combine(data.Path, DataDirectory.ConfigFileName), optional: true, reloadOnChange: false);
        builder.Configuration.AddEnvironmentVariables("HOTLINE_");
        var hotlineOptions = builder.Configuration.GetSection(HotlineOptions.Section).Get<HotlineOptions>() ?? new HotlineOptions();
        if (hotlineOptions.Validate() is { Count: > 0 } problems)
        {
            throw new NodeSetupException($"The configuration is invalid: {string.Join(" ", problems)}");
        }
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            options.UseUtcTimestamp = true;
        });
        // Logs go to stderr: stdout belongs to the CLI (one readiness line that scripts wait for).
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning);

        var storeOptions = new SqliteStoreOptions { Synchronous = builder.Configuration["Hotline:Storage:Synchronous"]?.ToUpperInvariant() ?? "FULL" };
        var runtime = await OpenRuntimeAsync(data, storeOptions, cancellationToken).ConfigureAwait(false);
        var identity = runtime.Identity;
        await using (runtime.ConfigureAwait(false))
        {
            var listen = listenUrl ?? identity.ListenUrl;
            ValidateListenUrl(listen);
            builder.WebHost.UseKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes).UseUrls(listen);
            builder.Services.AddHotlineNode(runtime);
            builder.Services.Configure<HotlineOptions>(builder.Configuration.GetSection(HotlineOptions.Section));
            builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
            // The caller owns signals (the CLI turns SIGINT/SIGTERM into the cancellation token): one mechanism, not two.
            builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, CallerOwnedLifetime>();

            var app = builder.Build();
            await using (app.ConfigureAwait(false))
            {
                app.MapGet("/healthz", () => TypedResults.Text("ok")).WithTags("Health");
                app.UseOperatorAuthentication();
                app.MapOpenApi();
                app.MapFederationApi();
                app.MapTileServing();
                app.MapOperatorApi();
                app.MapHotlineApi();
                Witnessing.WitnessingEndpoints.MapWitnessingApi(app);

                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? listen;
                runtime.ListenUrl = url;
                data.WriteRunFile(url);
                Log.Listening(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hotline.Node"), identity.Name, url);
                onReady(new NodeReady(identity.Name, url));
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
                finally
                {
                    await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
                    data.DeleteRunFile();
                }
            }
        }
    }

    private static void ValidateListenUrl(string listen)
    {
        if (!Uri.TryCreate(listen, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new NodeSetupException($"'{listen}' is not a listen URL; use http://HOST:PORT, e.g. http://127.0.0.1:7400.");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>A host lifetime that leaves start and stop to whoever called <see cref="NodeHost.RunAsync"/>.</summary>
internal sealed class CallerOwnedLifetime : Microsoft.Extensions.Hosting.IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
