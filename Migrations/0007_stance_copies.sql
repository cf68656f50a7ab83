-- Version 7: each stance row carries what the stance matrix asks of its statement.
--
-- The matrix (`parley stances`, the web's topic and actor pages, the report's stances) keeps,
-- per speaker and topic, the latest stance of the statements that are not retracted. Up to
-- version 6 that meant joining every stance to its statement: at a million statements, a
-- million lookups scattered over the statement table, 7.5 s. Now the stance row holds copies of
-- its statement's speaker, date (`effective_on`) and retraction, so the matrix reads the stance
-- table alone, in its own order. The copies are kept by the triggers below in the same
-- transaction as any change to the statement, whoever makes it (Parley, sqlite-utils,
-- Datasette); `db check` compares them with the statements.

ALTER TABLE stance ADD COLUMN speaker_id INTEGER;
ALTER TABLE stance ADD COLUMN effective_on TEXT;
ALTER TABLE stance ADD COLUMN retracted INTEGER NOT NULL DEFAULT 0 CHECK (retracted IN (0, 1));
UPDATE stance SET (speaker_id, effective_on, retracted) = (
    SELECT s.speaker_id, s.effective_on, s.retracted_at IS NOT NULL FROM statement s WHERE s.id = stance.statement_id);

-- A stance written with copies that do not match its statement (or none: a writer that is not
-- Parley) gets them from the statement. Parley's own inserts copy them in the INSERT, so the
-- check finds nothing to do.
CREATE TRIGGER stance_copies_after_insert AFTER INSERT ON stance
WHEN NOT EXISTS (SELECT 1 FROM statement s WHERE s.id = NEW.statement_id AND s.speaker_id IS NEW.speaker_id
                 AND s.effective_on IS NEW.effective_on AND (s.retracted_at IS NOT NULL) = NEW.retracted)
BEGIN
    UPDATE stance SET (speaker_id, effective_on, retracted) = (
        SELECT s.speaker_id, s.effective_on, s.retracted_at IS NOT NULL FROM statement s WHERE s.id = NEW.statement_id)
    WHERE statement_id = NEW.statement_id AND topic_id = NEW.topic_id;
END;
CREATE TRIGGER stance_copies_after_stance_update AFTER UPDATE OF statement_id, speaker_id, effective_on, retracted ON stance
WHEN NOT EXISTS (SELECT 1 FROM statement s WHERE s.id = NEW.statement_id AND s.speaker_id IS NEW.speaker_id
                 AND s.effective_on IS NEW.effective_on AND (s.retracted_at IS NOT NULL) = NEW.retracted)
BEGIN
    UPDATE stance SET (speaker_id, effective_on, retracted) = (
        SELECT s.speaker_id, s.effective_on, s.retracted_at IS NOT NULL FROM statement s WHERE s.id = NEW.statement_id)
    WHERE statement_id = NEW.statement_id AND topic_id = NEW.topic_id;
END;
-- A statement's speaker, date or retraction changed: its stances follow. The date changes with
-- the said-on date and with the first report (itself kept by version 6's triggers).
CREATE TRIGGER stance_copies_after_statement_update AFTER UPDATE OF speaker_id, said_on, reported_on, retracted_at ON statement
WHEN NEW.speaker_id IS NOT OLD.speaker_id OR NEW.effective_on IS NOT OLD.effective_on
  OR (NEW.retracted_at IS NULL) <> (OLD.retracted_at IS NULL)
BEGIN
    UPDATE stance SET speaker_id = NEW.speaker_id, effective_on = NEW.effective_on, retracted = NEW.retracted_at IS NOT NULL
    WHERE statement_id = NEW.id;
END;
