using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Hotline.Storage.Sqlite;

/// <summary>
/// Group commit on SQLite's single writer connection. Writes queue up while a commit (and its fsync) is in progress;
/// the next commit takes all of them in one transaction, each inside its own savepoint, so one write's failure rolls
/// back only that write. Every caller still gets its own outcome, and nothing is acknowledged before the commit that
/// holds it has returned. Under load one fsync then serves many operations instead of one each.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>Most writes folded into one transaction (bounds the time a commit holds the write lock).</summary>
    private const int MaxWritesPerCommit = 256;

    private readonly SqliteConnection _connection;
    private readonly Func<SqliteException, Exception> _translate;
    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public GroupCommitWriter(SqliteConnection connection, Func<SqliteException, Exception> translate)
    {
        _connection = connection;
        _translate = translate;
        _loop = Task.Run(RunAsync);
    }

    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new Write<T>(work, cancellationToken);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(write), this);

        return write.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Write>(MaxWritesPerCommit);
        var done = new List<Write>(MaxWritesPerCommit);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            done.Clear();
            while (batch.Count < MaxWritesPerCommit && _queue.Reader.TryRead(out var queued))
            {
                batch.Add(queued);
            }

            try
            {
                using var transaction = _connection.BeginTransaction();
                foreach (var write in batch)
                {
                    if (write.CancellationToken.IsCancellationRequested)
                    {
                        write.Cancel();
                        continue;
                    }

                    transaction.Save("w");
                    try
                    {
                        write.Run(_connection, transaction);
                        transaction.Release("w");
                        done.Add(write);
                    }
#pragma warning disable CA1031 // Each write's failure belongs to its caller; the others in the group still commit.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        transaction.Rollback("w");
                        transaction.Release("w");
                        write.Fail(ex is SqliteException sqlite ? _translate(sqlite) : ex);
                    }
                }

                transaction.Commit();
                foreach (var write in done)
                {
                    write.Succeed();
                }
            }
#pragma warning disable CA1031 // The loop must survive anything, or every later write would wait forever.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // The transaction itself failed (disk full, I/O error): nothing in the group was written. Writes that
                // already have an outcome keep it (TrySet*); every other one fails.
                var failure = ex is SqliteException sqlite ? _translate(sqlite) : ex;
                foreach (var write in batch)
                {
                    write.Fail(failure);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private abstract class Write(CancellationToken cancellationToken)
    {
        public CancellationToken CancellationToken { get; } = cancellationToken;

        public abstract void Run(SqliteConnection connection, SqliteTransaction transaction);

        public abstract void Succeed();

        public abstract void Fail(Exception exception);

        public abstract void Cancel();
    }

    private sealed class Write<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken) : Write(cancellationToken)
    {
        private T _result = default!;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(SqliteConnection connection, SqliteTransaction transaction) => _result = work(connection, transaction);

        public override void Succeed() => Completion.TrySetResult(_result);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);

        public override void Cancel() => Completion.TrySetCanceled(CancellationToken);
    }
}
