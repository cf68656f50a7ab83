#ifndef PARLEY_CSQLITE_SHIM_H
#define PARLEY_CSQLITE_SHIM_H

#include <sqlite3.h>

// What Swift cannot import from sqlite3.h directly: function-like macros, casts in macros,
// and variadic functions. Everything here is a thin, inline re-export.

/// SQLITE_TRANSIENT: SQLite copies bound text and blobs before the call returns.
static inline sqlite3_destructor_type csqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

/// sqlite3_db_config for the (int, int*) verbs, e.g. SQLITE_DBCONFIG_DEFENSIVE.
static inline int csqlite_db_config_int(sqlite3 *db, int op, int value, int *out) {
    return sqlite3_db_config(db, op, value, out);
}

// Extended result codes are macros built from shifts, which Swift does not import.
static const int CSQLITE_BUSY_SNAPSHOT = SQLITE_BUSY_SNAPSHOT;
static const int CSQLITE_BUSY_TIMEOUT = SQLITE_BUSY_TIMEOUT;
static const int CSQLITE_CONSTRAINT_CHECK = SQLITE_CONSTRAINT_CHECK;
static const int CSQLITE_CONSTRAINT_FOREIGNKEY = SQLITE_CONSTRAINT_FOREIGNKEY;
static const int CSQLITE_CONSTRAINT_NOTNULL = SQLITE_CONSTRAINT_NOTNULL;
static const int CSQLITE_CONSTRAINT_PRIMARYKEY = SQLITE_CONSTRAINT_PRIMARYKEY;
static const int CSQLITE_CONSTRAINT_TRIGGER = SQLITE_CONSTRAINT_TRIGGER;
static const int CSQLITE_CONSTRAINT_UNIQUE = SQLITE_CONSTRAINT_UNIQUE;
static const int CSQLITE_READONLY_DBMOVED = SQLITE_READONLY_DBMOVED;
static const int CSQLITE_READONLY_ROLLBACK = SQLITE_READONLY_ROLLBACK;
static const int CSQLITE_READONLY_RECOVERY = SQLITE_READONLY_RECOVERY;
static const int CSQLITE_CANTOPEN_ISDIR = SQLITE_CANTOPEN_ISDIR;

#endif
