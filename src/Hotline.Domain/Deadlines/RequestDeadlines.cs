namespace Hotline.Domain.Deadlines;

/// <summary>A request's deadlines, stamped when it is opened. A moment exactly at a deadline is still in time.</summary>
public readonly record struct RequestDeadlines(DateTimeOffset AcknowledgeBy, DateTimeOffset AnswerBy);
