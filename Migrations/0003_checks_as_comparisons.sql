-- Version 3: the stance and link CHECKs written as comparisons. SQLite checks `x IN (five
-- words)` by building a temporary index every time an INSERT statement runs, which made
-- recording a stance about twice as slow as it needs to be (an import records millions);
-- `x = 'a' OR x = 'b' …` accepts exactly the same values without it. SQLite cannot change a
-- CHECK in place, so both tables are rebuilt (the migrator turns foreign keys off meanwhile
-- and runs foreign_key_check after); their rows, keys and indexes are as before.

CREATE TABLE stance_v3 (
    statement_id INTEGER NOT NULL REFERENCES statement(id) ON DELETE CASCADE,
    topic_id     INTEGER NOT NULL REFERENCES topic(id),
    stance       TEXT NOT NULL CHECK (stance = 'supports' OR stance = 'opposes' OR stance = 'conditional'
                                      OR stance = 'neutral' OR stance = 'unclear'),
    PRIMARY KEY (statement_id, topic_id)
) WITHOUT ROWID;
INSERT INTO stance_v3 (statement_id, topic_id, stance) SELECT statement_id, topic_id, stance FROM stance;
DROP TABLE stance;
ALTER TABLE stance_v3 RENAME TO stance;
CREATE INDEX stance_topic ON stance(topic_id, stance);

CREATE TABLE statement_link_v3 (
    from_id    INTEGER NOT NULL REFERENCES statement(id) ON DELETE CASCADE,
    to_id      INTEGER NOT NULL REFERENCES statement(id) ON DELETE CASCADE,
    relation   TEXT NOT NULL CHECK (relation = 'repeats' OR relation = 'clarifies' OR relation = 'contradicts'
                                    OR relation = 'retracts' OR relation = 'responds-to'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (from_id, to_id, relation),
    CHECK (from_id <> to_id)
) WITHOUT ROWID;
INSERT INTO statement_link_v3 (from_id, to_id, relation, created_at) SELECT from_id, to_id, relation, created_at FROM statement_link;
DROP TABLE statement_link;
ALTER TABLE statement_link_v3 RENAME TO statement_link;
CREATE INDEX statement_link_to ON statement_link(to_id);
