using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Node.Witnessing;

/// <summary>Registration of the node's witnessing (called from <see cref="HotlineNodeServices.AddHotlineNode"/>).</summary>
public static class WitnessingServices
{
    public const string HttpClientName = "witnesses";

    public static IServiceCollection AddCheckpointWitnessing(this IServiceCollection services)
    {
        // Witnesses are called with no redirects and short timeouts; CheckpointWitnessing owns retries.
        services.AddHttpClient(HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddSingleton(sp => new WitnessClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));
        services.AddSingleton<CheckpointWitnessing>();
        services.AddHostedService(sp => sp.GetRequiredService<CheckpointWitnessing>());
        return services;
    }
}
