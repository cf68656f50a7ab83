-- Version 4: import runs, and statements a user rejected.
--
-- Every import records a run: when, by whom, what it read, what it did (`summary`), the records
-- it created (`import_created`, by UUID, so that a later record given a reused id is never
-- mistaken for one of them) and the history entries it wrote (ids first_history_id <
-- id <= last_history_id: an import is one write transaction, so they are consecutive).
-- `parley import undo RUN` takes a run back with these.
CREATE TABLE import_run (
    id               INTEGER PRIMARY KEY,
    started_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    run_by           TEXT,
    inputs           TEXT NOT NULL CHECK (json_valid(inputs)),
    summary          TEXT NOT NULL CHECK (json_valid(summary)),
    first_history_id INTEGER NOT NULL,
    last_history_id  INTEGER NOT NULL,
    undone_at        TEXT
);

CREATE TABLE import_created (
    run_id INTEGER NOT NULL REFERENCES import_run(id) ON DELETE CASCADE,
    entity TEXT NOT NULL CHECK (entity = 'actor' OR entity = 'topic' OR entity = 'source' OR entity = 'statement'),
    uuid   TEXT NOT NULL,
    PRIMARY KEY (run_id, entity, uuid)
) WITHOUT ROWID;

-- A statement a user deleted, or gave another speaker or other words, as the speaker's folded
-- name and the text's duplicate key (`statement.text_hash`): importing the same words by the same
-- name again skips it as "previously rejected" (`import --include-rejected` brings it back).
CREATE TABLE rejected_statement (
    speaker_key TEXT NOT NULL,
    text_hash   INTEGER NOT NULL,
    rejected_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (speaker_key, text_hash)
) WITHOUT ROWID;
