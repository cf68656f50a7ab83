-- Version 5: a schema Datasette and sqlite-utils understand.
--
-- Both tools find a table's full-text index by looking for `content="statement"` in the
-- virtual table's SQL; version 1 wrote `content = 'statement'`, which neither matches, so
-- Datasette showed no search box and `sqlite-utils search` refused. The index is declared again
-- in their form (same columns, same tokenizer) and rebuilt from the statements; the triggers that
-- keep it in sync name it, not its declaration, and stay as they are.
DROP TABLE statement_fts;
CREATE VIRTUAL TABLE statement_fts USING fts5(
    text, note,
    content="statement", content_rowid="id",
    tokenize="unicode61 remove_diacritics 2"
);
INSERT INTO statement_fts(statement_fts) VALUES ('rebuild');

-- One row per statement, with everything a reader wants beside it, for browsing the file with
-- Datasette or querying it without joins. `date` is the said-on date, else the first report's
-- (`date_reported` says which); `stances` and `outlets` are `; `-separated text.
CREATE VIEW statement_detail AS
SELECT s.id,
       s.uuid,
       coalesce(s.said_on, (SELECT min(src.published_on) FROM statement_source ss JOIN source src ON src.id = ss.source_id
                            WHERE ss.statement_id = s.id)) AS date,
       s.said_on IS NULL AS date_reported,
       CASE length(coalesce(s.said_on, (SELECT min(src.published_on) FROM statement_source ss JOIN source src ON src.id = ss.source_id
                                         WHERE ss.statement_id = s.id)))
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
       (SELECT min(src.published_on) FROM statement_source ss JOIN source src ON src.id = ss.source_id
        WHERE ss.statement_id = s.id) AS first_reported,
       s.note,
       s.retracted_at IS NOT NULL AS retracted
FROM statement s
JOIN actor sp ON sp.id = s.speaker_id
LEFT JOIN actor ob ON ob.id = s.on_behalf_of_id;

-- One row per stance taken: who, on what, which way, when, in which statement.
CREATE VIEW stance_detail AS
SELECT sp.name AS speaker,
       t.slug AS topic,
       st.stance,
       coalesce(s.said_on, (SELECT min(src.published_on) FROM statement_source ss JOIN source src ON src.id = ss.source_id
                            WHERE ss.statement_id = s.id)) AS date,
       s.id AS statement_id,
       s.text AS statement,
       s.retracted_at IS NOT NULL AS retracted
FROM stance st
JOIN statement s ON s.id = st.statement_id
JOIN topic t ON t.id = st.topic_id
JOIN actor sp ON sp.id = s.speaker_id;
