-- Version 8: no index on the said-on date.
--
-- Version 1 indexed `said_on` for the date filters. Since version 6 every filter and every
-- order reads the stored date (`effective_on`, the said-on date or else the first report) and its
-- two timeline indexes, so no query uses this one, while every statement written updates it: it
-- cost an import 2% of the instructions that write its rows, and took 1.9 MB of a
-- 100,000-statement file.

DROP INDEX IF EXISTS statement_said_on;
