namespace Hotline.Storage.Sqlite;

/// <summary>
/// Versioned schema migrations. PRAGMA user_version holds the version applied; each step runs in its own
/// transaction, so a crash mid-migration leaves the previous version intact.
/// </summary>
internal static class SqliteSchema
{
    public static readonly string[] Migrations =
    [
        // 1: node identity, invitations, links, outbox, transcripts with checkpoints and receipts.
        """
        CREATE TABLE node (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            signing_public_key BLOB NOT NULL,
            agreement_public_key BLOB NOT NULL,
            listen_url TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE invitations (
            id BLOB PRIMARY KEY,
            secret_hash BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            used_at INTEGER,
            link_id BLOB
        );
        CREATE TABLE links (
            id BLOB PRIMARY KEY,
            peer_name TEXT NOT NULL UNIQUE,
            peer_signing_key BLOB NOT NULL,
            peer_agreement_key BLOB NOT NULL,
            peer_endpoints TEXT NOT NULL,
            safety_number TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            last_contact_at INTEGER
        );
        CREATE TABLE outbox (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            envelope_id BLOB NOT NULL UNIQUE,
            link_id BLOB NOT NULL REFERENCES links(id),
            precedence INTEGER NOT NULL,
            type INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            sender_from TEXT NOT NULL,
            recipient_to TEXT NOT NULL,
            sealed_body BLOB,
            submitted_at INTEGER NOT NULL,
            sequence INTEGER,
            sent_at INTEGER,
            delivered_at INTEGER
        );
        CREATE INDEX outbox_ready ON outbox (link_id, precedence, position) WHERE sequence IS NULL;
        CREATE INDEX outbox_sequence ON outbox (link_id, sequence) WHERE sequence IS NOT NULL;
        CREATE INDEX outbox_undelivered ON outbox (link_id, submitted_at) WHERE delivered_at IS NULL;
        CREATE TABLE log_entries (
            link_id BLOB NOT NULL,
            direction INTEGER NOT NULL,
            sequence INTEGER NOT NULL,
            envelope_id BLOB NOT NULL,
            leaf_hash BLOB NOT NULL,
            entry BLOB NOT NULL,
            stored_at INTEGER NOT NULL,
            PRIMARY KEY (link_id, direction, sequence)
        ) WITHOUT ROWID;
        CREATE TABLE logs (
            link_id BLOB NOT NULL,
            direction INTEGER NOT NULL,
            size INTEGER NOT NULL,
            frontier BLOB NOT NULL,
            PRIMARY KEY (link_id, direction)
        ) WITHOUT ROWID;
        CREATE TABLE checkpoints (
            link_id BLOB NOT NULL,
            direction INTEGER NOT NULL,
            size INTEGER NOT NULL,
            note TEXT NOT NULL,
            stored_at INTEGER NOT NULL,
            PRIMARY KEY (link_id, direction, size)
        ) WITHOUT ROWID;
        CREATE TABLE receipts (
            link_id BLOB NOT NULL,
            direction INTEGER NOT NULL,
            size INTEGER NOT NULL,
            cosignature TEXT NOT NULL,
            stored_at INTEGER NOT NULL,
            PRIMARY KEY (link_id, direction, size)
        ) WITHOUT ROWID;
        """,

        // 2: the hotline's records (typed envelopes of both directions, as plaintext JSON), our directory, escalation
        // steps taken and notifications sent.
        """
        CREATE TABLE records (
            envelope_id BLOB PRIMARY KEY,
            link_id BLOB NOT NULL REFERENCES links(id),
            direction INTEGER NOT NULL,
            type INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            subject BLOB,
            sequence INTEGER,
            body BLOB NOT NULL
        );
        CREATE INDEX records_by_link ON records (link_id, type, created_at);
        CREATE INDEX records_by_subject ON records (subject) WHERE subject IS NOT NULL;
        CREATE TABLE own_directory (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL,
            document BLOB NOT NULL,
            updated_at INTEGER NOT NULL,
            updated_by TEXT NOT NULL
        );
        CREATE TABLE escalation_steps (
            request BLOB NOT NULL,
            step INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            taken_at INTEGER NOT NULL,
            PRIMARY KEY (request, step)
        ) WITHOUT ROWID;
        CREATE TABLE notifications (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            link_id BLOB,
            subject BLOB,
            recipients TEXT NOT NULL,
            text TEXT NOT NULL,
            once_key TEXT UNIQUE
        );
        """,

        // 3: witnesses' cosignatures on our checkpoints, and proofs of misbehaviour (two signed checkpoints of one log
        // that cannot both be true), kept forever.
        """
        CREATE TABLE witness_cosignatures (
            link_id BLOB NOT NULL,
            direction INTEGER NOT NULL,
            size INTEGER NOT NULL,
            witness TEXT NOT NULL,
            cosignature TEXT NOT NULL,
            stored_at INTEGER NOT NULL,
            PRIMARY KEY (link_id, direction, size, witness)
        ) WITHOUT ROWID;
        CREATE TABLE misbehaviour (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            link_id BLOB NOT NULL,
            direction INTEGER NOT NULL,
            detected_at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            first_note TEXT NOT NULL,
            second_note TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        """,
    ];
}
