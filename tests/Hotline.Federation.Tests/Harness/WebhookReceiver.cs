using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace Hotline.Federation.Tests.Harness;

/// <summary>A webhook as received: the raw body and the signature header.</summary>
public sealed record ReceivedWebhook(byte[] Body, string? Signature, DateTimeOffset ReceivedAt);

/// <summary>A real HTTP listener on loopback that records every POST and answers 204: the receiving end of a node's
/// webhooks in tests.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        Url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}/hook/");
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Received.Enqueue(new ReceivedWebhook(body.ToArray(), context.Request.Headers["Hotline-Signature"], DateTimeOffset.UtcNow));
            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
