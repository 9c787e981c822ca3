using System.Net.Http.Headers;
using System.Text.Json;
using Hotline.Node.Api;
using Hotline.Protocol.Crypto;
using Hotline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Node.Escalation;

/// <summary>
/// POSTs each notification as JSON to the configured webhooks, signed with the node's key
/// (<see cref="WebhookSignature"/>). Three tries a few seconds apart; a webhook that stays down is logged (its URL,
/// never the payload) and the notification stays on the console.
/// </summary>
public sealed class WebhookSender(NodeRuntime node, IHttpClientFactory clients, IOptionsMonitor<HotlineOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks";
    private static readonly TimeSpan[] s_retryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, bool> _inFlight = new();

    /// <summary>Starts delivering a notification in the background (the monitor does not wait for slow receivers).</summary>
    public void Post(NotificationRecord notification)
    {
        var task = SendAsync(notification, CancellationToken.None);
        _inFlight[task] = true;
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits for deliveries in flight (on shutdown).</summary>
    public Task DrainAsync() => Task.WhenAll(_inFlight.Keys);

    public async Task SendAsync(NotificationRecord notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var hooks = options.CurrentValue.Webhooks;
        if (hooks.Count == 0)
        {
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(
            new WebhookPayloadDto(node.Name, notification.Id, notification.At, notification.Kind, notification.LinkId?.ToString("D"),
                notification.Subject?.ToString("D"), notification.Recipients, notification.Text),
            OperatorJsonContext.Default.WebhookPayloadDto);
        var client = clients.CreateClient(HttpClientName);
        await Task.WhenAll(hooks.Select(hook => PostAsync(client, hook.Url, notification.Id, body, cancellationToken))).ConfigureAwait(false);
    }

    private async Task PostAsync(HttpClient client, string url, long id, byte[] body, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            string failure;
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(node.SigningKey, time.GetUtcNow().ToUnixTimeSeconds(), body));
                using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                failure = ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = "timed out";
            }

            if (attempt >= s_retryDelays.Length)
            {
                Log.WebhookFailed(logger, url, id, failure);
                return;
            }

            await Task.Delay(s_retryDelays[attempt], time, cancellationToken).ConfigureAwait(false);
        }
    }
}
