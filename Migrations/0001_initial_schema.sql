-- Parley schema, version 1.
--
-- Conventions: snake_case; integer primary keys for joins and a UUID for identity across
-- databases; partial dates as ISO text ('2025', '2025-05', '2025-05-19', '2025-05-19T14:30'),
-- which sort correctly as text (a partial date sorts at the start of its period) and carry their
-- precision in their length; timestamps as UTC ISO-8601 text. `*_key` columns hold the case- and
-- diacritic-folded form of a name, computed by Parley, for lookups.
--
-- A shipped migration is never edited: a change to the schema is a new numbered file.

PRAGMA application_id = 1347570777;  -- 'PRLY': marks the file as a Parley database

-- People, organizations (a ministry, a government office), states and groups (EU, NATO).
CREATE TABLE actor (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    slug        TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug = lower(slug)),
    name        TEXT NOT NULL CHECK (trim(name) <> ''),
    name_key    TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'person'
                CHECK (kind IN ('person', 'organization', 'state', 'group')),
    country     TEXT CHECK (country IS NULL OR (length(country) = 3 AND country GLOB '[A-Z][A-Z][A-Z]')),
    wikidata_id TEXT CHECK (wikidata_id IS NULL OR wikidata_id GLOB 'Q[1-9]*'),
    description TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX actor_name_key ON actor(name_key);

-- Other names an actor goes by: Zelensky, Zelenskiy, Volodymyr Zelenskyy.
CREATE TABLE actor_alias (
    id        INTEGER PRIMARY KEY,
    actor_id  INTEGER NOT NULL REFERENCES actor(id) ON DELETE CASCADE,
    alias     TEXT NOT NULL CHECK (trim(alias) <> ''),
    alias_key TEXT NOT NULL,
    UNIQUE (actor_id, alias_key)
);
CREATE INDEX actor_alias_key ON actor_alias(alias_key);

-- Roles over time: Mao Ning, spokeswoman of China's foreign ministry, from … to ….
CREATE TABLE affiliation (
    id              INTEGER PRIMARY KEY,
    actor_id        INTEGER NOT NULL REFERENCES actor(id) ON DELETE CASCADE,
    organization_id INTEGER REFERENCES actor(id) ON DELETE SET NULL,
    role            TEXT,
    started_on      TEXT CHECK (started_on IS NULL OR CASE length(started_on)
                        WHEN 4 THEN started_on GLOB '[0-9][0-9][0-9][0-9]'
                        WHEN 7 THEN started_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' AND substr(started_on, 6, 2) BETWEEN '01' AND '12'
                        WHEN 10 THEN date(started_on, '+0 days') IS started_on
                        ELSE 0 END),
    ended_on        TEXT CHECK (ended_on IS NULL OR CASE length(ended_on)
                        WHEN 4 THEN ended_on GLOB '[0-9][0-9][0-9][0-9]'
                        WHEN 7 THEN ended_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' AND substr(ended_on, 6, 2) BETWEEN '01' AND '12'
                        WHEN 10 THEN date(ended_on, '+0 days') IS ended_on
                        ELSE 0 END),
    CHECK (role IS NOT NULL OR organization_id IS NOT NULL),
    CHECK (organization_id IS NULL OR organization_id <> actor_id)
);
CREATE INDEX affiliation_actor ON affiliation(actor_id);
CREATE INDEX affiliation_organization ON affiliation(organization_id);

-- Questions positions are taken on: ceasefire, direct-talks, sanctions-on-russia.
CREATE TABLE topic (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    slug        TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug = lower(slug)),
    title       TEXT NOT NULL CHECK (trim(title) <> ''),
    title_key   TEXT NOT NULL,
    description TEXT,
    parent_id   INTEGER REFERENCES topic(id) ON DELETE SET NULL CHECK (parent_id IS NULL OR parent_id <> id),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX topic_title_key ON topic(title_key);
CREATE INDEX topic_parent ON topic(parent_id);

-- Where statements were reported.
CREATE TABLE source (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    url          TEXT UNIQUE CHECK (url IS NULL OR trim(url) <> ''),
    outlet       TEXT,
    title        TEXT,
    author       TEXT,
    published_on TEXT CHECK (published_on IS NULL OR CASE length(published_on)
                     WHEN 4 THEN published_on GLOB '[0-9][0-9][0-9][0-9]'
                     WHEN 7 THEN published_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' AND substr(published_on, 6, 2) BETWEEN '01' AND '12'
                     WHEN 10 THEN date(published_on, '+0 days') IS published_on
                     WHEN 16 THEN strftime('%Y-%m-%dT%H:%M', published_on, '+0 days') IS published_on
                     ELSE 0 END),
    via          TEXT,
    archived_url TEXT,
    language     TEXT,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK (url IS NOT NULL OR title IS NOT NULL OR outlet IS NOT NULL)
);
CREATE INDEX source_published_on ON source(published_on);

-- CAMEO event codes with Goldstein scores (GDELT's variant; filled at the end of this file).
CREATE TABLE cameo_event (
    code        TEXT PRIMARY KEY CHECK (code GLOB '[0-2][0-9]*'),
    root        TEXT NOT NULL,
    level       INTEGER NOT NULL CHECK (level IN (1, 2, 3)),
    quadclass   INTEGER NOT NULL CHECK (quadclass BETWEEN 1 AND 4),
    goldstein   REAL NOT NULL CHECK (goldstein BETWEEN -10 AND 10),
    description TEXT NOT NULL
) WITHOUT ROWID;

-- One thing one speaker said.
CREATE TABLE statement (
    id                INTEGER PRIMARY KEY,
    uuid              TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    speaker_id        INTEGER NOT NULL REFERENCES actor(id),
    on_behalf_of_id   INTEGER REFERENCES actor(id),
    text              TEXT NOT NULL CHECK (trim(text) <> ''),
    kind              TEXT NOT NULL DEFAULT 'quote' CHECK (kind IN ('quote', 'paraphrase')),
    said_on           TEXT CHECK (said_on IS NULL OR CASE length(said_on)
                          WHEN 4 THEN said_on GLOB '[0-9][0-9][0-9][0-9]'
                          WHEN 7 THEN said_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' AND substr(said_on, 6, 2) BETWEEN '01' AND '12'
                          WHEN 10 THEN date(said_on, '+0 days') IS said_on
                          WHEN 16 THEN strftime('%Y-%m-%dT%H:%M', said_on, '+0 days') IS said_on
                          ELSE 0 END),
    -- Wikidata's precision scale: 9 year, 10 month, 11 day, 13 minute.
    said_on_precision INTEGER GENERATED ALWAYS AS (
                          CASE length(said_on) WHEN 4 THEN 9 WHEN 7 THEN 10 WHEN 10 THEN 11 WHEN 16 THEN 13 END
                      ) VIRTUAL,
    medium            TEXT,
    place             TEXT,
    language          TEXT,
    note              TEXT,
    cameo_code        TEXT REFERENCES cameo_event(code),
    -- 64-bit FNV-1a of the normalized text (case-folded; punctuation and white space removed),
    -- as a signed integer: with speaker_id, it finds a statement logged twice.
    text_hash         INTEGER NOT NULL,
    retracted_at      TEXT,
    retraction_reason TEXT,
    created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK (on_behalf_of_id IS NULL OR on_behalf_of_id <> speaker_id),
    CHECK (retraction_reason IS NULL OR retracted_at IS NOT NULL)
);
CREATE INDEX statement_speaker_hash ON statement(speaker_id, text_hash);
CREATE INDEX statement_said_on ON statement(said_on);
CREATE INDEX statement_on_behalf_of ON statement(on_behalf_of_id) WHERE on_behalf_of_id IS NOT NULL;
CREATE INDEX statement_cameo ON statement(cameo_code) WHERE cameo_code IS NOT NULL;

-- Which sources reported a statement (one quote is often reported by many outlets).
CREATE TABLE statement_source (
    statement_id INTEGER NOT NULL REFERENCES statement(id) ON DELETE CASCADE,
    source_id    INTEGER NOT NULL REFERENCES source(id),
    PRIMARY KEY (statement_id, source_id)
) WITHOUT ROWID;
CREATE INDEX statement_source_source ON statement_source(source_id);

-- The positions a statement takes: one stance per topic.
CREATE TABLE stance (
    statement_id INTEGER NOT NULL REFERENCES statement(id) ON DELETE CASCADE,
    topic_id     INTEGER NOT NULL REFERENCES topic(id),
    stance       TEXT NOT NULL CHECK (stance IN ('supports', 'opposes', 'conditional', 'neutral', 'unclear')),
    PRIMARY KEY (statement_id, topic_id)
) WITHOUT ROWID;
CREATE INDEX stance_topic ON stance(topic_id, stance);

-- Actors a statement is addressed to or about.
CREATE TABLE statement_target (
    statement_id INTEGER NOT NULL REFERENCES statement(id) ON DELETE CASCADE,
    actor_id     INTEGER NOT NULL REFERENCES actor(id),
    PRIMARY KEY (statement_id, actor_id)
) WITHOUT ROWID;
CREATE INDEX statement_target_actor ON statement_target(actor_id);

-- Typed links between statements: B repeats / clarifies / contradicts / retracts / responds to A.
CREATE TABLE statement_link (
    from_id    INTEGER NOT NULL REFERENCES statement(id) ON DELETE CASCADE,
    to_id      INTEGER NOT NULL REFERENCES statement(id) ON DELETE CASCADE,
    relation   TEXT NOT NULL CHECK (relation IN ('repeats', 'clarifies', 'contradicts', 'retracts', 'responds-to')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (from_id, to_id, relation),
    CHECK (from_id <> to_id)
) WITHOUT ROWID;
CREATE INDEX statement_link_to ON statement_link(to_id);

-- Every edit, retraction, merge and deletion, with the old and new values as JSON. No foreign
-- keys: the record of a deleted row must outlive it.
CREATE TABLE history (
    id          INTEGER PRIMARY KEY,
    changed_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    changed_by  TEXT,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL CHECK (entity IN ('actor', 'topic', 'source', 'statement')),
    entity_id   INTEGER,
    entity_uuid TEXT,
    old_values  TEXT CHECK (old_values IS NULL OR json_valid(old_values)),
    new_values  TEXT CHECK (new_values IS NULL OR json_valid(new_values)),
    note        TEXT
);
CREATE INDEX history_entity ON history(entity, entity_id);

-- Full-text index over statement text and notes, kept in sync by triggers. remove_diacritics 2
-- lets 'erdogan' find 'Erdoğan'.
CREATE VIRTUAL TABLE statement_fts USING fts5(
    text, note,
    content = 'statement', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER statement_fts_after_insert AFTER INSERT ON statement BEGIN
    INSERT INTO statement_fts(rowid, text, note) VALUES (new.id, new.text, new.note);
END;
CREATE TRIGGER statement_fts_after_delete AFTER DELETE ON statement BEGIN
    INSERT INTO statement_fts(statement_fts, rowid, text, note) VALUES ('delete', old.id, old.text, old.note);
END;
CREATE TRIGGER statement_fts_after_update AFTER UPDATE OF text, note ON statement BEGIN
    INSERT INTO statement_fts(statement_fts, rowid, text, note) VALUES ('delete', old.id, old.text, old.note);
    INSERT INTO statement_fts(rowid, text, note) VALUES (new.id, new.text, new.note);
END;

-- The CAMEO codebook with Goldstein scores, from reference/cameo.tsv (311 codes).
INSERT INTO cameo_event (code, root, level, quadclass, goldstein, description) VALUES
    ('01', '01', 1, 1, 0.0, 'MAKE PUBLIC STATEMENT'),
    ('010', '01', 2, 1, 0.0, 'Make statement, not specified below'),
    ('011', '01', 2, 1, -0.1, 'Decline comment'),
    ('012', '01', 2, 1, -0.4, 'Make pessimistic comment'),
    ('013', '01', 2, 1, 0.4, 'Make optimistic comment'),
    ('014', '01', 2, 1, 0.0, 'Consider policy option'),
    ('015', '01', 2, 1, 0.0, 'Acknowledge or claim responsibility'),
    ('016', '01', 2, 1, -2.0, 'Deny responsibility'),
    ('017', '01', 2, 1, 0.0, 'Engage in symbolic act'),
    ('018', '01', 2, 1, 3.4, 'Make empathetic comment'),
    ('019', '01', 2, 1, 3.4, 'Express accord'),
    ('02', '02', 1, 1, 3.0, 'APPEAL'),
    ('020', '02', 2, 1, 3.0, 'Appeal, not specified below'),
    ('021', '02', 2, 1, 3.4, 'Appeal for material cooperation, not specified below'),
    ('022', '02', 2, 1, 3.2, 'Appeal for diplomatic cooperation, such as policy support'),
    ('023', '02', 2, 1, 3.4, 'Appeal for aid, not specified below'),
    ('024', '02', 2, 1, -0.3, 'Appeal for political reform, not specified below'),
    ('025', '02', 2, 1, -0.3, 'Appeal to yield'),
    ('026', '02', 2, 1, 4.0, 'Appeal to others to meet or negotiate'),
    ('027', '02', 2, 1, 4.0, 'Appeal to others to settle dispute'),
    ('028', '02', 2, 1, 4.0, 'Appeal to others to engage in or accept mediation'),
    ('0211', '02', 3, 1, 3.4, 'Appeal for economic cooperation'),
    ('0212', '02', 3, 1, 3.4, 'Appeal for military cooperation'),
    ('0213', '02', 3, 1, 3.4, 'Appeal for judicial cooperation'),
    ('0214', '02', 3, 1, 3.4, 'Appeal for intelligence'),
    ('0231', '02', 3, 1, 3.4, 'Appeal for economic aid'),
    ('0232', '02', 3, 1, 3.4, 'Appeal for military aid'),
    ('0233', '02', 3, 1, 3.4, 'Appeal for humanitarian aid'),
    ('0234', '02', 3, 1, 3.4, 'Appeal for military protection or peacekeeping'),
    ('0241', '02', 3, 1, -0.3, 'Appeal for change in leadership'),
    ('0242', '02', 3, 1, -0.3, 'Appeal for policy change'),
    ('0243', '02', 3, 1, -0.3, 'Appeal for rights'),
    ('0244', '02', 3, 1, -0.3, 'Appeal for change in institutions, regime'),
    ('0251', '02', 3, 1, -0.3, 'Appeal for easing of administrative sanctions'),
    ('0252', '02', 3, 1, -0.3, 'Appeal for easing of popular dissent'),
    ('0253', '02', 3, 1, -0.3, 'Appeal for release of persons or property'),
    ('0254', '02', 3, 1, -0.3, 'Appeal for easing of economic sanctions, boycott, or embargo'),
    ('0255', '02', 3, 1, -0.3, 'Appeal for target to allow international involvement (non-mediation)'),
    ('0256', '02', 3, 1, -0.3, 'Appeal for de-escalation of military engagement'),
    ('03', '03', 1, 1, 4.0, 'EXPRESS INTENT TO COOPERATE'),
    ('030', '03', 2, 1, 4.0, 'Express intent to cooperate, not specified below'),
    ('031', '03', 2, 1, 5.2, 'Express intent to engage in material cooperation,  not specified below'),
    ('032', '03', 2, 1, 4.5, 'Express intent to provide diplomatic cooperation such as policy support'),
    ('033', '03', 2, 1, 5.2, 'Express intent to provide matyerial aid, not specified below'),
    ('034', '03', 2, 1, 7.0, 'Express intent to institute political reform, not specified below'),
    ('035', '03', 2, 1, 7.0, 'Express intent to yield, not specified below'),
    ('036', '03', 2, 1, 4.0, 'Express intent to meet or negotiate'),
    ('037', '03', 2, 1, 5.0, 'Express intent to settle dispute'),
    ('038', '03', 2, 1, 7.0, 'Express intent to accept mediation'),
    ('039', '03', 2, 1, 5.0, 'Express intent to mediate'),
    ('0311', '03', 3, 1, 5.2, 'Express intent to cooperate economically'),
    ('0312', '03', 3, 1, 5.2, 'Express intent to cooperate militarily'),
    ('0313', '03', 3, 1, 5.2, 'Express intent to cooperate on judicial matters'),
    ('0314', '03', 3, 1, 5.2, 'Express intent to cooperate on intelligence'),
    ('0331', '03', 3, 1, 5.2, 'Express intent to provide economic aid'),
    ('0332', '03', 3, 1, 5.2, 'Express intent to provide military aid'),
    ('0333', '03', 3, 1, 5.2, 'Express intent to provide humanitarian aid'),
    ('0334', '03', 3, 1, 6.0, 'Express intent to provide military protection or peacekeeping'),
    ('0341', '03', 3, 1, 7.0, 'Express intent to change leadership'),
    ('0342', '03', 3, 1, 7.0, 'Express intent to change policy'),
    ('0343', '03', 3, 1, 7.0, 'Express intent to provide rights'),
    ('0344', '03', 3, 1, 7.0, 'Express intent to change institutions, regime'),
    ('0351', '03', 3, 1, 7.0, 'Express intent to ease administrative sanctions'),
    ('0352', '03', 3, 1, 7.0, 'Express intent to ease popular dissent'),
    ('0353', '03', 3, 1, 7.0, 'Express intent to release persons or property'),
    ('0354', '03', 3, 1, 7.0, 'Express intent to ease economic sanctions, boycott, or embargo'),
    ('0355', '03', 3, 1, 7.0, 'Express intent allow international involvement (not mediation)'),
    ('0356', '03', 3, 1, 7.0, 'Express intent to de-escalate military engagement'),
    ('04', '04', 1, 1, 1.0, 'CONSULT'),
    ('040', '04', 2, 1, 1.0, 'Consult, not specified below'),
    ('041', '04', 2, 1, 1.0, 'Discuss by telephone'),
    ('042', '04', 2, 1, 1.9, 'Make a visit'),
    ('043', '04', 2, 1, 2.8, 'Host a visit'),
    ('044', '04', 2, 1, 2.5, 'Meet at a "third" location'),
    ('045', '04', 2, 1, 5.0, 'Mediate'),
    ('046', '04', 2, 1, 7.0, 'Engage in negotiation'),
    ('05', '05', 1, 1, 3.5, 'ENGAGE IN DIPLOMATIC COOPERATION'),
    ('050', '05', 2, 1, 3.5, 'Engage in diplomatic cooperation, not specified below'),
    ('051', '05', 2, 1, 3.4, 'Praise or endorse'),
    ('052', '05', 2, 1, 3.5, 'Defend verbally'),
    ('053', '05', 2, 1, 3.8, 'Rally support on behalf of'),
    ('054', '05', 2, 1, 6.0, 'Grant diplomatic recognition'),
    ('055', '05', 2, 1, 7.0, 'Apologize'),
    ('056', '05', 2, 1, 7.0, 'Forgive'),
    ('057', '05', 2, 1, 8.0, 'Sign formal agreement'),
    ('06', '06', 1, 2, 6.0, 'ENGAGE IN MATERIAL COOPERATION'),
    ('060', '06', 2, 2, 6.0, 'Engage in material cooperation, not specified below'),
    ('061', '06', 2, 2, 6.4, 'Cooperate economically'),
    ('062', '06', 2, 2, 7.4, 'Cooperate militarily'),
    ('063', '06', 2, 2, 7.4, 'Engage in judicial cooperation'),
    ('064', '06', 2, 2, 7.0, 'Share intelligence or information'),
    ('07', '07', 1, 2, 7.0, 'PROVIDE AID'),
    ('070', '07', 2, 2, 7.0, 'Provide aid, not specified below'),
    ('071', '07', 2, 2, 7.4, 'Provide economic aid'),
    ('072', '07', 2, 2, 8.3, 'Provide military aid'),
    ('073', '07', 2, 2, 7.4, 'Provide humanitarian aid'),
    ('074', '07', 2, 2, 8.5, 'Provide military protection or peacekeeping'),
    ('075', '07', 2, 2, 7.0, 'Grant asylum'),
    ('08', '08', 1, 2, 5.0, 'YIELD'),
    ('080', '08', 2, 2, 5.0, 'Yield, not specified below'),
    ('081', '08', 2, 2, 5.0, 'Ease administrative sanctions, not specified below'),
    ('082', '08', 2, 2, 5.0, 'Ease political dissent'),
    ('083', '08', 2, 2, 5.0, 'Accede to requests or demands for political reform not specified below'),
    ('084', '08', 2, 2, 7.0, 'Return, release, not specified below'),
    ('085', '08', 2, 2, 7.0, 'Ease economic sanctions, boycott, embargo'),
    ('086', '08', 2, 2, 9.0, 'Allow international involvement not specified below'),
    ('087', '08', 2, 2, 9.0, 'De-escalate military engagement'),
    ('0811', '08', 3, 2, 5.0, 'Ease restrictions on political freedoms'),
    ('0812', '08', 3, 2, 5.0, 'Ease ban on political parties or politicians'),
    ('0813', '08', 3, 2, 5.0, 'Ease curfew'),
    ('0814', '08', 3, 2, 5.0, 'Ease state of emergency or martial law'),
    ('0831', '08', 3, 2, 5.0, 'Accede to demands for change in leadership'),
    ('0832', '08', 3, 2, 5.0, 'Accede to demands for change in policy'),
    ('0833', '08', 3, 2, 5.0, 'Accede to demands for rights'),
    ('0834', '08', 3, 2, 5.0, 'Accede to demands for change in institutions, regime'),
    ('0841', '08', 3, 2, 7.0, 'Return, release person(s)'),
    ('0842', '08', 3, 2, 7.0, 'Return, release property'),
    ('0861', '08', 3, 2, 9.0, 'Receive deployment of peacekeepers'),
    ('0862', '08', 3, 2, 9.0, 'Receive inspectors'),
    ('0863', '08', 3, 2, 9.0, 'Allow delivery of humanitarian aid'),
    ('0871', '08', 3, 2, 9.0, 'Declare truce, ceasefire'),
    ('0872', '08', 3, 2, 9.0, 'Ease military blockade'),
    ('0873', '08', 3, 2, 9.0, 'Demobilize armed forces'),
    ('0874', '08', 3, 2, 10.0, 'Retreat or surrender militarily'),
    ('09', '09', 1, 2, -2.0, 'INVESTIGATE'),
    ('090', '09', 2, 2, -2.0, 'Investigate, not specified below'),
    ('091', '09', 2, 2, -2.0, 'Investigate crime, corruption'),
    ('092', '09', 2, 2, -2.0, 'Investigate human rights abuses'),
    ('093', '09', 2, 2, -2.0, 'Investigate military action'),
    ('094', '09', 2, 2, -2.0, 'Investigate war crimes'),
    ('10', '10', 1, 3, -5.0, 'DEMAND'),
    ('100', '10', 2, 3, -5.0, 'Demand, not specified below'),
    ('101', '10', 2, 3, -5.0, 'Demand information, investigation'),
    ('102', '10', 2, 3, -5.0, 'Demand policy support'),
    ('103', '10', 2, 3, -5.0, 'Demand aid, protection, or peacekeeping'),
    ('104', '10', 2, 3, -5.0, 'Demand political reform, not specified below'),
    ('105', '10', 2, 3, -5.0, 'Demand mediation'),
    ('106', '10', 2, 3, -5.0, 'Demand withdrawal'),
    ('107', '10', 2, 3, -5.0, 'Demand ceasefire'),
    ('108', '10', 2, 3, -5.0, 'Demand meeting, negotiation'),
    ('1011', '10', 3, 3, -5.0, 'Demand economic cooperation'),
    ('1012', '10', 3, 3, -5.0, 'Demand military cooperation'),
    ('1013', '10', 3, 3, -5.0, 'Demand judicial cooperation'),
    ('1014', '10', 3, 3, -5.0, 'Demand intelligence cooperation'),
    ('1031', '10', 3, 3, -5.0, 'Demand economic aid'),
    ('1032', '10', 3, 3, -5.0, 'Demand military aid'),
    ('1033', '10', 3, 3, -5.0, 'Demand humanitarian aid'),
    ('1034', '10', 3, 3, -5.0, 'Demand military protection or peacekeeping'),
    ('1041', '10', 3, 3, -5.0, 'Demand change in leadership'),
    ('1042', '10', 3, 3, -5.0, 'Demand policy change'),
    ('1043', '10', 3, 3, -5.0, 'Demand rights'),
    ('1044', '10', 3, 3, -5.0, 'Demand change in institutions, regime'),
    ('1051', '10', 3, 3, -5.0, 'Demand easing of administrative sanctions'),
    ('1052', '10', 3, 3, -5.0, 'Demand easing of political dissent'),
    ('1053', '10', 3, 3, -5.0, 'Demand release of persons or property'),
    ('1054', '10', 3, 3, -5.0, 'Demand easing of economic sanctions, boycott, or embargo'),
    ('1055', '10', 3, 3, -5.0, 'Demand that target allows international involvement (non-mediation)'),
    ('1056', '10', 3, 3, -5.0, 'Demand de-escalation of military engagement'),
    ('11', '11', 1, 3, -2.0, 'DISAPPROVE'),
    ('110', '11', 2, 3, -2.0, 'Disapprove, not specified below'),
    ('111', '11', 2, 3, -2.0, 'Criticize or denounce'),
    ('112', '11', 2, 3, -2.0, 'Accuse, not specified below'),
    ('113', '11', 2, 3, -2.0, 'Rally opposition against'),
    ('114', '11', 2, 3, -2.0, 'Complain officially'),
    ('115', '11', 2, 3, -2.0, 'Bring lawsuit against'),
    ('116', '11', 2, 3, -2.0, 'Find guilty or liable (legally)'),
    ('1121', '11', 3, 3, -2.0, 'Accuse of crime, corruption'),
    ('1122', '11', 3, 3, -2.0, 'Accuse of human rights abuses'),
    ('1123', '11', 3, 3, -2.0, 'Accuse of aggression'),
    ('1124', '11', 3, 3, -2.0, 'Accuse of war crimes'),
    ('1125', '11', 3, 3, -2.0, 'Accuse of espionage, treason'),
    ('12', '12', 1, 3, -4.0, 'REJECT'),
    ('120', '12', 2, 3, -4.0, 'Reject, not specified below'),
    ('121', '12', 2, 3, -4.0, 'Reject material cooperation'),
    ('122', '12', 2, 3, -4.0, 'Reject request or demand for material aid, not specified below'),
    ('123', '12', 2, 3, -4.0, 'Reject request or demand for political reform, not specified below'),
    ('124', '12', 2, 3, -4.0, 'Refuse to yield, not specified below'),
    ('125', '12', 2, 3, -5.0, 'Reject proposal to meet, discuss, or negotiate'),
    ('126', '12', 2, 3, -5.0, 'Reject mediation'),
    ('127', '12', 2, 3, -5.0, 'Reject plan, agreement to settle dispute'),
    ('128', '12', 2, 3, -5.0, 'Defy norms, law'),
    ('129', '12', 2, 3, -5.0, 'Veto'),
    ('1211', '12', 3, 3, -4.0, 'Reject economic cooperation'),
    ('1212', '12', 3, 3, -4.0, 'Reject military cooperation'),
    ('1221', '12', 3, 3, -4.0, 'Reject request for economic aid'),
    ('1222', '12', 3, 3, -4.0, 'Reject request for military aid'),
    ('1223', '12', 3, 3, -4.0, 'Reject request for humanitarian aid'),
    ('1224', '12', 3, 3, -4.0, 'Reject request for military protection or peacekeeping'),
    ('1231', '12', 3, 3, -4.0, 'Reject request for change in leadership'),
    ('1232', '12', 3, 3, -4.0, 'Reject request for policy change'),
    ('1233', '12', 3, 3, -4.0, 'Reject request for rights'),
    ('1234', '12', 3, 3, -4.0, 'Reject request for change in institutions, regime'),
    ('1241', '12', 3, 3, -4.0, 'Refuse to ease administrative sanctions'),
    ('1242', '12', 3, 3, -4.0, 'Refuse to ease popular dissent'),
    ('1243', '12', 3, 3, -4.0, 'Refuse to release persons or property'),
    ('1244', '12', 3, 3, -4.0, 'Refuse to ease economic sanctions, boycott, or embargo'),
    ('1245', '12', 3, 3, -4.0, 'Refuse to allow international involvement (non mediation)'),
    ('1246', '12', 3, 3, -4.0, 'Refuse to de-escalate military engagement'),
    ('13', '13', 1, 3, -6.0, 'THREATEN'),
    ('130', '13', 2, 3, -4.4, 'Threaten, not specified below'),
    ('131', '13', 2, 3, -5.8, 'Threaten non-force, not specified below'),
    ('132', '13', 2, 3, -5.8, 'Threaten with administrative sanctions, not specified below'),
    ('133', '13', 2, 3, -5.8, 'Threaten political dissent, protest'),
    ('134', '13', 2, 3, -5.8, 'Threaten to halt negotiations'),
    ('135', '13', 2, 3, -5.8, 'Threaten to halt mediation'),
    ('136', '13', 2, 3, -7.0, 'Threaten to halt international involvement (non-mediation)'),
    ('137', '13', 2, 3, -7.0, 'Threaten with violent repression'),
    ('138', '13', 2, 3, -7.0, 'Threaten to use military force, not specified below'),
    ('139', '13', 2, 3, -7.0, 'Give ultimatum'),
    ('1311', '13', 3, 3, -5.8, 'Threaten to reduce or stop aid'),
    ('1312', '13', 3, 3, -5.8, 'Threaten to boycott, embargo, or sanction'),
    ('1313', '13', 3, 3, -5.8, 'Threaten to reduce or break relations'),
    ('1321', '13', 3, 3, -5.8, 'Threaten to impose restrictions on political freedoms'),
    ('1322', '13', 3, 3, -5.8, 'Threaten to ban political parties or politicians'),
    ('1323', '13', 3, 3, -5.8, 'Threaten to impose curfew'),
    ('1324', '13', 3, 3, -5.8, 'Threaten to impose state of emergency or martial law'),
    ('1381', '13', 3, 3, -7.0, 'Threaten blockade'),
    ('1382', '13', 3, 3, -7.0, 'Threaten occupation'),
    ('1383', '13', 3, 3, -7.0, 'Threaten unconventional violence'),
    ('1384', '13', 3, 3, -7.0, 'Threaten conventional attack'),
    ('1385', '13', 3, 3, -7.0, 'Threaten attack with WMD'),
    ('14', '14', 1, 3, -6.5, 'PROTEST'),
    ('140', '14', 2, 3, -6.5, 'Engage in political dissent, not specified below'),
    ('141', '14', 2, 3, -6.5, 'Demonstrate or rally'),
    ('142', '14', 2, 3, -6.5, 'Conduct hunger strike, not specified below'),
    ('143', '14', 2, 3, -6.5, 'Conduct strike or boycott, not specified below'),
    ('144', '14', 2, 3, -7.5, 'Obstruct passage, block'),
    ('145', '14', 2, 3, -7.5, 'Protest violently, riot'),
    ('1411', '14', 3, 3, -6.5, 'Demonstrate for leadership change'),
    ('1412', '14', 3, 3, -6.5, 'Demonstrate for policy change'),
    ('1413', '14', 3, 3, -6.5, 'Demonstrate for rights'),
    ('1414', '14', 3, 3, -6.5, 'Demonstrate for change in institutions, regime'),
    ('1421', '14', 3, 3, -6.5, 'Conduct hunger strike for leadership change'),
    ('1422', '14', 3, 3, -6.5, 'Conduct hunger strike for policy change'),
    ('1423', '14', 3, 3, -6.5, 'Conduct hunger strike for rights'),
    ('1424', '14', 3, 3, -6.5, 'Conduct hunger strike for change in institutions, regime'),
    ('1431', '14', 3, 3, -6.5, 'Conduct strike or boycott for leadership change'),
    ('1432', '14', 3, 3, -6.5, 'Conduct strike or boycott for policy change'),
    ('1433', '14', 3, 3, -6.5, 'Conduct strike or boycott for rights'),
    ('1434', '14', 3, 3, -6.5, 'Conduct strike or boycott for change in institutions, regime'),
    ('1441', '14', 3, 3, -7.5, 'Obstruct passage to demand leadership change'),
    ('1442', '14', 3, 3, -7.5, 'Obstruct passage to demand policy change'),
    ('1443', '14', 3, 3, -7.5, 'Obstruct passage to demand rights'),
    ('1444', '14', 3, 3, -7.5, 'Obstruct passage to demand change in institutions, regime'),
    ('1451', '14', 3, 3, -7.5, 'Engage in violent protest for leadership change'),
    ('1452', '14', 3, 3, -7.5, 'Engage in violent protest for policy change'),
    ('1453', '14', 3, 3, -7.5, 'Engage in violent protest for rights'),
    ('1454', '14', 3, 3, -7.5, 'Engage in violent protest for  change in institutions, regime'),
    ('15', '15', 1, 4, -7.2, 'EXHIBIT FORCE POSTURE'),
    ('150', '15', 2, 4, -7.2, 'Demonstrate military or police power, not specified below'),
    ('151', '15', 2, 4, -7.2, 'Increase police alert status'),
    ('152', '15', 2, 4, -7.2, 'Increase military alert status'),
    ('153', '15', 2, 4, -7.2, 'Mobilize or increase police power'),
    ('154', '15', 2, 4, -7.2, 'Mobilize or increase armed forces'),
    ('16', '16', 1, 4, -4.0, 'REDUCE RELATIONS'),
    ('160', '16', 2, 4, -4.0, 'Reduce relations, not specified below'),
    ('161', '16', 2, 4, -4.0, 'Reduce or break diplomatic relations'),
    ('162', '16', 2, 4, -5.6, 'Reduce or stop aid, not specified below'),
    ('163', '16', 2, 4, -8.0, 'Impose embargo, boycott, or sanctions'),
    ('164', '16', 2, 4, -7.0, 'Halt negotiations'),
    ('165', '16', 2, 4, -6.5, 'Halt mediation'),
    ('166', '16', 2, 4, -7.0, 'Expel or withdraw, not specified below'),
    ('1621', '16', 3, 4, -5.6, 'Reduce or stop economic assistance'),
    ('1622', '16', 3, 4, -5.6, 'Reduce or stop military assistance'),
    ('1623', '16', 3, 4, -5.6, 'Reduce or stop humanitarian assistance'),
    ('1661', '16', 3, 4, -7.0, 'Expel or withdraw peacekeepers'),
    ('1662', '16', 3, 4, -7.0, 'Expel or withdraw inspectors, observers'),
    ('1663', '16', 3, 4, -7.0, 'Expel or withdraw aid agencies'),
    ('17', '17', 1, 4, -7.0, 'COERCE'),
    ('170', '17', 2, 4, -7.0, 'Coerce, not specified below'),
    ('171', '17', 2, 4, -9.2, 'Seize or damage property, not specified below'),
    ('172', '17', 2, 4, -5.0, 'Impose administrative sanctions, not specified below'),
    ('173', '17', 2, 4, -5.0, 'Arrest, detain, or charge with legal action'),
    ('174', '17', 2, 4, -5.0, 'Expel or deport individuals'),
    ('175', '17', 2, 4, -9.0, 'Use tactics of violent repression'),
    ('1711', '17', 3, 4, -9.2, 'Confiscate property'),
    ('1712', '17', 3, 4, -9.2, 'Destroy property'),
    ('1721', '17', 3, 4, -5.0, 'Impose restrictions on political freedoms'),
    ('1722', '17', 3, 4, -5.0, 'Ban political parties or politicians'),
    ('1723', '17', 3, 4, -5.0, 'Impose curfew'),
    ('1724', '17', 3, 4, -5.0, 'Impose state of emergency or martial law'),
    ('18', '18', 1, 4, -9.0, 'ASSAULT'),
    ('180', '18', 2, 4, -9.0, 'Use unconventional violence, not specified below'),
    ('181', '18', 2, 4, -9.0, 'Abduct, hijack, or take hostage'),
    ('182', '18', 2, 4, -9.5, 'Physically assault, not specified below'),
    ('183', '18', 2, 4, -10.0, 'Conduct suicide, car, or other non-military bombing, not spec below'),
    ('184', '18', 2, 4, -8.0, 'Use as human shield'),
    ('185', '18', 2, 4, -8.0, 'Attempt to assassinate'),
    ('186', '18', 2, 4, -10.0, 'Assassinate'),
    ('1821', '18', 3, 4, -9.0, 'Sexually assault'),
    ('1822', '18', 3, 4, -9.0, 'Torture'),
    ('1823', '18', 3, 4, -10.0, 'Kill by physical assault'),
    ('1831', '18', 3, 4, -10.0, 'Carry out suicide bombing'),
    ('1832', '18', 3, 4, -10.0, 'Carry out car bombing'),
    ('1833', '18', 3, 4, -10.0, 'Carry out roadside bombing'),
    ('19', '19', 1, 4, -10.0, 'FIGHT'),
    ('190', '19', 2, 4, -10.0, 'Use conventional military force, not specified below'),
    ('191', '19', 2, 4, -9.5, 'Impose blockade, restrict movement'),
    ('192', '19', 2, 4, -9.5, 'Occupy territory'),
    ('193', '19', 2, 4, -10.0, 'Fight with small arms and light weapons'),
    ('194', '19', 2, 4, -10.0, 'Fight with artillery and tanks'),
    ('195', '19', 2, 4, -10.0, 'Employ aerial weapons'),
    ('196', '19', 2, 4, -9.5, 'Violate ceasefire'),
    ('20', '20', 1, 4, -10.0, 'USE UNCONVENTIONAL MASS VIOLENCE'),
    ('200', '20', 2, 4, -10.0, 'Use unconventional mass violence, not specified below'),
    ('201', '20', 2, 4, -9.5, 'Engage in mass expulsion'),
    ('202', '20', 2, 4, -10.0, 'Engage in mass killings'),
    ('203', '20', 2, 4, -10.0, 'Engage in ethnic cleansing'),
    ('204', '20', 2, 4, -10.0, 'Use weapons of mass destruction, not specified below'),
    ('2041', '20', 3, 4, -10.0, 'Use chemical, biological, or radiologicalweapons'),
    ('2042', '20', 3, 4, -10.0, 'Detonate nuclear weapons');
