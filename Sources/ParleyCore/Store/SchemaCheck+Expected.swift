// The triggers and views Parley's migrations create, as SQLite stores their SQL: what a file at
// the current schema is compared with each time it is opened for writing, without running the
// migrations again (which took 20 ms of every write command). `SchemaCheckTests` holds this
// list equal to what the migrations create; after a migration that changes a trigger or a view,
// copy the list that test prints here.

extension ParleyDatabase {
    static let expectedRunningSQL: Set<SchemaObject> = [
        SchemaObject(type: "trigger", name: "stance_copies_after_insert", sql: #"""
CREATE TRIGGER stance_copies_after_insert AFTER INSERT ON stance
WHEN NOT EXISTS (SELECT 1 FROM statement s WHERE s.id = NEW.statement_id AND s.speaker_id IS NEW.speaker_id
                 AND s.effective_on IS NEW.effective_on AND (s.retracted_at IS NOT NULL) = NEW.retracted)
BEGIN
    UPDATE stance SET (speaker_id, effective_on, retracted) = (
        SELECT s.speaker_id, s.effective_on, s.retracted_at IS NOT NULL FROM statement s WHERE s.id = NEW.statement_id)
    WHERE statement_id = NEW.statement_id AND topic_id = NEW.topic_id;
END
"""#),
        SchemaObject(type: "trigger", name: "stance_copies_after_stance_update", sql: #"""
CREATE TRIGGER stance_copies_after_stance_update AFTER UPDATE OF statement_id, speaker_id, effective_on, retracted ON stance
WHEN NOT EXISTS (SELECT 1 FROM statement s WHERE s.id = NEW.statement_id AND s.speaker_id IS NEW.speaker_id
                 AND s.effective_on IS NEW.effective_on AND (s.retracted_at IS NOT NULL) = NEW.retracted)
BEGIN
    UPDATE stance SET (speaker_id, effective_on, retracted) = (
        SELECT s.speaker_id, s.effective_on, s.retracted_at IS NOT NULL FROM statement s WHERE s.id = NEW.statement_id)
    WHERE statement_id = NEW.statement_id AND topic_id = NEW.topic_id;
END
"""#),
        SchemaObject(type: "trigger", name: "stance_copies_after_statement_update", sql: #"""
CREATE TRIGGER stance_copies_after_statement_update AFTER UPDATE OF speaker_id, said_on, reported_on, retracted_at ON statement
WHEN NEW.speaker_id IS NOT OLD.speaker_id OR NEW.effective_on IS NOT OLD.effective_on
  OR (NEW.retracted_at IS NULL) <> (OLD.retracted_at IS NULL)
BEGIN
    UPDATE stance SET speaker_id = NEW.speaker_id, effective_on = NEW.effective_on, retracted = NEW.retracted_at IS NOT NULL
    WHERE statement_id = NEW.id;
END
"""#),
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
        SchemaObject(type: "trigger", name: "statement_reported_on_after_published_on", sql: #"""
CREATE TRIGGER statement_reported_on_after_published_on AFTER UPDATE OF published_on ON source BEGIN
    UPDATE statement SET reported_on = (
        SELECT min(src.published_on) FROM statement_source ss JOIN source src ON src.id = ss.source_id
        WHERE ss.statement_id = statement.id)
    WHERE id IN (SELECT statement_id FROM statement_source WHERE source_id = NEW.id);
END
"""#),
        SchemaObject(type: "trigger", name: "statement_reported_on_after_source_delete", sql: #"""
CREATE TRIGGER statement_reported_on_after_source_delete AFTER DELETE ON statement_source BEGIN
    UPDATE statement SET reported_on = (
        SELECT min(src.published_on) FROM statement_source ss JOIN source src ON src.id = ss.source_id
        WHERE ss.statement_id = OLD.statement_id)
    WHERE id = OLD.statement_id;
END
"""#),
        SchemaObject(type: "trigger", name: "statement_reported_on_after_source_insert", sql: #"""
CREATE TRIGGER statement_reported_on_after_source_insert AFTER INSERT ON statement_source
WHEN coalesce((SELECT published_on FROM source WHERE id = NEW.source_id)
              < (SELECT reported_on FROM statement WHERE id = NEW.statement_id),
              (SELECT published_on FROM source WHERE id = NEW.source_id) IS NOT NULL)
BEGIN
    UPDATE statement SET reported_on = (SELECT published_on FROM source WHERE id = NEW.source_id)
    WHERE id = NEW.statement_id;
END
"""#),
        SchemaObject(type: "trigger", name: "statement_reported_on_after_source_update", sql: #"""
CREATE TRIGGER statement_reported_on_after_source_update AFTER UPDATE ON statement_source BEGIN
    UPDATE statement SET reported_on = (
        SELECT min(src.published_on) FROM statement_source ss JOIN source src ON src.id = ss.source_id
        WHERE ss.statement_id = statement.id)
    WHERE id IN (OLD.statement_id, NEW.statement_id);
END
"""#),
        SchemaObject(type: "view", name: "stance_detail", sql: #"""
CREATE VIEW stance_detail AS
SELECT sp.name AS speaker,
       t.slug AS topic,
       st.stance,
       s.effective_on AS date,
       s.id AS statement_id,
       s.text AS statement,
       s.retracted_at IS NOT NULL AS retracted
FROM stance st
JOIN statement s ON s.id = st.statement_id
JOIN topic t ON t.id = st.topic_id
JOIN actor sp ON sp.id = s.speaker_id
"""#),
        SchemaObject(type: "view", name: "statement_detail", sql: #"""
CREATE VIEW statement_detail AS
SELECT s.id,
       s.uuid,
       s.effective_on AS date,
       s.said_on IS NULL AS date_reported,
       CASE length(s.effective_on)
           WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' WHEN 16 THEN 'minute' END AS date_precision,
       sp.name AS speaker,
       ob.name AS on_behalf_of,
       s.kind,
       s.text,
       s.medium,
       s.place,
       (SELECT group_concat(t.slug || '=' || st.stance, '; ') FROM stance st JOIN topic t ON t.id = st.topic_id
        WHERE st.statement_id = s.id) AS stances,
       (SELECT group_concat(coalesce(src.outlet, src.url), '; ') FROM statement_source ss JOIN source src ON src.id = ss.source_id
        WHERE ss.statement_id = s.id) AS outlets,
       s.reported_on AS first_reported,
       s.note,
       s.retracted_at IS NOT NULL AS retracted
FROM statement s
JOIN actor sp ON sp.id = s.speaker_id
LEFT JOIN actor ob ON ob.id = s.on_behalf_of_id
"""#),
    ]
}
