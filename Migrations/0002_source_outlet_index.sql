-- Version 2: the --outlet filter compares lower(outlet) and lower(via); index both.
CREATE INDEX source_outlet ON source(lower(outlet));
CREATE INDEX source_via ON source(lower(via)) WHERE via IS NOT NULL;
