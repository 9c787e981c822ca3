using Hotline.Node.Api;
using Hotline.Node.Contacts;
using Hotline.Node.Directories;
using Hotline.Node.Escalation;
using Hotline.Node.Federation;
using Hotline.Node.Messaging;
using Hotline.Node.Records;
using Hotline.Node.Relay;
using Hotline.Node.Witnessing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hotline.Node;

/// <summary>Explicit registration of everything a node runs (no scanning).</summary>
public static class HotlineNodeServices
{
    public const string FederationHttpClient = "federation";

    public static IServiceCollection AddHotlineNode(this IServiceCollection services, NodeRuntime runtime)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(runtime);
        services.AddSingleton<BodySealers>();
        services.AddSingleton<MessageSubmission>();
        services.AddSingleton<InboxReader>();
        services.AddSingleton<InboundTranscripts>();
        services.AddSingleton<InboundRecords>();
        services.AddSingleton<Evidence.MisbehaviourAlarm>();
        services.AddSingleton<RecordSubmission>();
        services.AddSingleton<DirectoryService>();
        services.AddSingleton<SuspensionService>();
        services.AddSingleton<ContactRequestService>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<DeadlineMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadlineMonitor>());
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(5) });
        services.AddSingleton<PairingService>();
        services.AddSingleton<OperatorAuthentication>();
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        services.AddCheckpointWitnessing();

        // Peers are called with no redirects (a peer cannot bounce us elsewhere) and short connect timeouts; the relay
        // owns retries, so no retry handler is stacked here.
        services.AddHttpClient(FederationHttpClient, client => client.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddSingleton(sp => new FederationClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(FederationHttpClient)));

        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, OperatorJsonContext.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(1, FederationJsonContext.Default);
        });
        services.AddProblemDetails();
        services.AddOpenApi();
        return services;
    }
}
