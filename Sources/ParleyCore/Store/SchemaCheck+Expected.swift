// The triggers and views Parley's migrations create, as SQLite stores their SQL: what a file at
// the current schema is compared with each time it is opened for writing, without running the
// migrations again (which took 20 ms of every write command). `SchemaCheckTests` holds this
// list equal to what the migrations create; after a migration that changes a trigger or a view,
// copy the list that test prints here.

extension ParleyDatabase {
    static let expectedRunningSQL: Set<SchemaObject> = [
        SchemaObject(type: "trigger", name: "statement_fts_after_delete", sql: #"""
CREATE TRIGGER statement_fts_after_delete AFTER DELETE ON statement BEGIN
    INSERT INTO statement_fts(statement_fts, rowid, text, note) VALUES ('delete', old.id, old.text, old.note);
END
"""#),
        SchemaObject(type: "trigger", name: "statement_fts_after_insert", sql: #"""
CREATE TRIGGER statement_fts_after_insert AFTER INSERT ON statement BEGIN
    INSERT INTO statement_fts(rowid, text, note) VALUES (new.id, new.text, new.note);
END
"""#),
        SchemaObject(type: "trigger", name: "statement_fts_after_update", sql: #"""
CREATE TRIGGER statement_fts_after_update AFTER UPDATE OF text, note ON statement BEGIN
    INSERT INTO statement_fts(statement_fts, rowid, text, note) VALUES ('delete', old.id, old.text, old.note);
    INSERT INTO statement_fts(rowid, text, note) VALUES (new.id, new.text, new.note);
END
"""#),
    ]
}
