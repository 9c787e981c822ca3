namespace Hotline.Domain.Escalation;

/// <summary>A step of an escalation with its number (1-based) and the moment it falls due.</summary>
public sealed record DueStep(int Number, EscalationStep Step, DateTimeOffset DueAt);
