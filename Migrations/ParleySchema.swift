import ParleySQLite

/// Parley's schema, as numbered SQL files in `Migrations/`.
///
/// The build embeds every `Migrations/NNNN_description.sql` file into this module (see
/// `Plugins/EmbedMigrations`), as `ParleySchema.migrations`. The SQL files are the only source of
/// truth for the schema; a shipped file is never edited, a change is a new file.
public enum ParleySchema {}
