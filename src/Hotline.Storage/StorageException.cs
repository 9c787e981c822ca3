namespace Hotline.Storage;

/// <summary>
/// A storage failure in the terms of this product. <see cref="IsTransient"/> says whether retrying may succeed
/// (busy or locked database), which the relay's backoff reads.
/// </summary>
public sealed class StorageException : Exception
{
    public StorageException(string message, bool isTransient, Exception? inner = null) : base(message, inner) => IsTransient = isTransient;

    public StorageException() : this("Storage failed.", false)
    {
    }

    public StorageException(string message) : this(message, false)
    {
    }

    public StorageException(string message, Exception inner) : this(message, false, inner)
    {
    }

    public bool IsTransient { get; }
}

/// <summary>Concurrent writers disagreed about a transcript's size: the caller's view is stale and nothing was written.</summary>
public sealed class TranscriptConflictException(string message) : Exception(message)
{
    public TranscriptConflictException() : this("The transcript changed concurrently.")
    {
    }

    public TranscriptConflictException(string message, Exception inner) : this(message + " " + inner.Message)
    {
    }
}
