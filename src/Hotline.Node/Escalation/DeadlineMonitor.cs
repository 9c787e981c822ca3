using System.Globalization;
using Hotline.Domain.ContactRequests;
using Hotline.Domain.Deadlines;
using Hotline.Domain.Escalation;
using Hotline.Node.Contacts;
using Hotline.Protocol;
using Hotline.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Node.Escalation;

/// <summary>
/// The node's clock-driven duties, on a short interval (<see cref="HotlineOptions.MonitorInterval"/>, by the injected
/// <see cref="TimeProvider"/>): runs the escalation policy for received requests nobody has acknowledged (each step
/// recorded once, with its notification), and raises one notification per missed deadline on either side. Every
/// notification goes to the console feed and the webhooks. Expiry needs no timer: replay derives it.
/// </summary>
public sealed class DeadlineMonitor(
    NodeRuntime node,
    ContactRequestService requests,
    Directories.DirectoryService directories,
    WebhookSender webhooks,
    IOptionsMonitor<HotlineOptions> options,
    TimeProvider time,
    ILogger<DeadlineMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A directory changed while a link was down, or a link paired before the directory existed, gets it now.
        var shared = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!shared)
                {
                    await directories.ShareAllAsync(stoppingToken).ConfigureAwait(false);
                    shared = true;
                }

                await CheckAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The monitor must outlive a failed round (a busy database); the next round retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.MonitorFailed(logger, ex);
            }

            try
            {
                await Task.Delay(options.CurrentValue.MonitorInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await webhooks.DrainAsync().ConfigureAwait(false);
    }

    /// <summary>One round: escalation steps and overdue notifications due now.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var policy = options.CurrentValue.EscalationPolicy();
        var views = await requests.ListAsync(null, cancellationToken).ConfigureAwait(false);
        var taken = (await node.Store.GetEscalationStepsAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(s => s.Request).ToDictionary(g => g.Key, g => g.Max(s => s.Step));

        foreach (var view in views)
        {
            var request = view.Request;
            if (view.OurSide == Side.Responder)
            {
                foreach (var due in EscalationPlan.Due(request, policy, now, taken.GetValueOrDefault(request.Id.Value)))
                {
                    var recipients = string.Join(", ", due.Step.Roles.Select(r => "role:" + r).Concat(due.Step.Operators));
                    var notification = new NotificationRecord(0, now, "escalation", view.Link.Id, request.Id.Value, recipients, string.Create(CultureInfo.InvariantCulture,
                        $"Step {due.Number}: {request.Precedence.ToName()} {request.Kind.ToName()} request from {view.Link.PeerName}/{request.From} to {request.To} ({request.Purpose}) not acknowledged since {request.SentAt:yyyy-MM-dd HH:mm:ss}Z; acknowledge by {request.Deadlines.AcknowledgeBy:yyyy-MM-dd HH:mm:ss}Z."));
                    var id = await node.Store.RecordEscalationStepAsync(new EscalationStepTaken(request.Id.Value, due.Number, due.DueAt, now), notification, cancellationToken).ConfigureAwait(false);
                    if (id != 0)
                    {
                        Log.EscalationStep(logger, request.Id.Value, due.Number, recipients);
                        webhooks.Post(notification with { Id = id });
                    }
                }
            }

            if (DeadlineRules.Overdue(request, now) is var overdue and not OverdueKind.None)
            {
                var what = overdue == OverdueKind.Acknowledgment ? "acknowledgment" : "answer";
                var deadline = overdue == OverdueKind.Acknowledgment ? request.Deadlines.AcknowledgeBy : request.Deadlines.AnswerBy;
                var whose = view.OurSide == Side.Responder ? "we have" : $"{view.Link.PeerName} has";
                var notification = new NotificationRecord(0, now, "overdue", view.Link.Id, request.Id.Value, view.OurSide == Side.Responder ? "role:watch-officer" : request.SentBy,
                    string.Create(CultureInfo.InvariantCulture,
                        $"Overdue: {request.Precedence.ToName()} {request.Kind.ToName()} request {request.From} → {request.To} ({request.Purpose}); {whose} not given the {what} due {deadline:yyyy-MM-dd HH:mm:ss}Z."));
                var id = await node.Store.AddNotificationAsync(notification, $"overdue:{what}:{request.Id}", cancellationToken).ConfigureAwait(false);
                if (id != 0)
                {
                    webhooks.Post(notification with { Id = id });
                }
            }
        }
    }
}
