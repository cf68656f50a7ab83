import CSQLite

/// A compiled SQL statement. It owns its `sqlite3_stmt` and finalizes it in `deinit`, so a
/// statement is released the moment its last reference goes.
///
/// Not `Sendable`: a statement belongs to its connection and to the thread that uses it.
public final class PreparedStatement {
    let handle: OpaquePointer
    /// The raw connection, for error messages. The statement does not own its `Database` (a
    /// cached statement would otherwise keep it alive forever); `sqlite3_close_v2` keeps the
    /// connection usable until its last statement is finalized.
    let connection: OpaquePointer
    /// The SQL text this statement was compiled from.
    public let sql: String
    private var columnIndexByName: [String: Int32]?

    init(handle: OpaquePointer, connection: OpaquePointer, sql: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// The number of `?` parameters.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }
    /// The number of result columns.
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }
    /// The result column names, in order.
    public var columnNames: [String] {
        (0..<Int32(columnCount)).map { String(cString: sqlite3_column_name(handle, $0)) }
    }
    /// True for statements that do not write (`SELECT`, most `PRAGMA`s).
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    /// Resets the statement and clears its bindings, ready for a new run.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds positional arguments (`?`, `?NNN`), replacing any earlier bindings.
    /// - Throws: `SQLiteError` when the count does not match or SQLite refuses a value.
    public func bind(_ arguments: [any SQLiteBindable]) throws {
        // Every parameter is bound below (the count must match), so none needs clearing first.
        sqlite3_reset(handle)
        guard arguments.count == parameterCount else {
            throw SQLiteError.sqlite(
                code: .range,
                message: "statement takes \(parameterCount) argument(s), \(arguments.count) given",
                sql: sql)
        }
        for (offset, argument) in arguments.enumerated() {
            try bind(argument.sqliteValue, at: Int32(offset + 1))
        }
    }

    private func bind(_ value: SQLiteValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .null:
            rc = sqlite3_bind_null(handle, index)
        case .integer(let v):
            rc = sqlite3_bind_int64(handle, index, v)
        case .real(let v):
            rc = sqlite3_bind_double(handle, index, v)
        case .text(let v):
            rc = sqlite3_bind_text64(handle, index, v, UInt64(v.utf8.count), csqlite_transient(), UInt8(SQLITE_UTF8))
        case .blob(let bytes):
            rc = bytes.withUnsafeBytes { buffer in
                // A zero-length blob must still be a blob, not NULL: SQLite treats a NULL
                // pointer as NULL, so bind a zeroblob instead.
                guard let base = buffer.baseAddress, buffer.count > 0 else {
                    return sqlite3_bind_zeroblob(handle, index, 0)
                }
                return sqlite3_bind_blob64(handle, index, base, UInt64(buffer.count), csqlite_transient())
            }
        }
        guard rc == SQLITE_OK else { throw SQLiteError.from(connection: connection, code: rc, sql: sql) }
    }

    /// Advances to the next row. Returns `false` when the statement is done.
    /// - Throws: `SQLiteError` on any failure (busy, I/O, constraint, interrupt…): a cursor never traps.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError.from(connection: connection, code: rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs the statement to completion, ignoring any rows.
    public func run(_ arguments: [any SQLiteBindable] = []) throws {
        try bind(arguments)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Runs a query and calls `body` once per row. The row is valid only inside `body`.
    public func forEach(_ arguments: [any SQLiteBindable] = [], _ body: (Row) throws -> Void) throws {
        try forEachRow(arguments) { row in
            try body(row)
            return true
        }
    }

    /// Runs a query and calls `body` once per row until it returns false: the rest of the
    /// result is never computed (a query ordered by an index stops reading there).
    public func forEachRow(_ arguments: [any SQLiteBindable] = [], while body: (Row) throws -> Bool) throws {
        try bind(arguments)
        defer { sqlite3_reset(handle) }
        let row = Row(statement: self)
        while try step() {
            guard try body(row) else { return }
        }
    }

    /// Runs a query and maps every row.
    public func map<T>(_ arguments: [any SQLiteBindable] = [], _ transform: (Row) throws -> T) throws -> [T] {
        var result: [T] = []
        try forEach(arguments) { result.append(try transform($0)) }
        return result
    }

    /// Runs a query and maps its first row, if any.
    public func first<T>(_ arguments: [any SQLiteBindable] = [], _ transform: (Row) throws -> T) throws -> T? {
        try bind(arguments)
        defer { sqlite3_reset(handle) }
        guard try step() else { return nil }
        return try transform(Row(statement: self))
    }

    // MARK: Columns

    /// The value of column `index` (0-based) of the current row.
    public func value(at index: Int) -> SQLiteValue {
        let i = Int32(index)
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, i))
        case SQLITE_TEXT:
            guard let bytes = sqlite3_column_text(handle, i) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, i))
            let buffer = UnsafeBufferPointer(start: bytes, count: count)
            return .text(String(decoding: buffer, as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, i))
            guard count > 0, let base = sqlite3_column_blob(handle, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: base, count: count)))
        default:
            return .null
        }
    }

    func columnIndex(named name: String) throws -> Int {
        if columnIndexByName == nil {
            var map: [String: Int32] = [:]
            for i in 0..<Int32(columnCount) {
                let columnName = String(cString: sqlite3_column_name(handle, i))
                // The first column of a given name wins, as in SQLite's own conventions.
                if map[columnName] == nil { map[columnName] = i }
            }
            columnIndexByName = map
        }
        guard let index = columnIndexByName?[name] else { throw SQLiteError.noSuchColumn(name, sql: sql) }
        return Int(index)
    }
}

/// The current row of a running statement: a view, valid only while the statement sits on it.
///
/// ```swift
/// try db.forEach("SELECT id, name FROM actor") { row in
///     let id: Int64 = try row[0]
///     let name: String = try row["name"]
/// }
/// ```
public struct Row {
    let statement: PreparedStatement

    public var count: Int { statement.columnCount }

    /// The raw value of a column.
    public func value(at index: Int) -> SQLiteValue { statement.value(at: index) }

    /// A typed column by 0-based index.
    /// - Throws: `SQLiteError.typeMismatch` when the value cannot be read as `T`.
    public subscript<T: SQLiteColumnDecodable>(_ index: Int) -> T {
        get throws { try T.decode(from: statement.value(at: index)) }
    }

    /// A typed column by a constant that names it: a case of an `Int` enum listing a query's
    /// columns in order, so that rows are read by name at the cost of an index.
    /// - Throws: `SQLiteError.typeMismatch` when the value cannot be read as `T`.
    public subscript<T: SQLiteColumnDecodable, Column: RawRepresentable>(_ column: Column) -> T where Column.RawValue == Int {
        get throws { try T.decode(from: statement.value(at: column.rawValue)) }
    }

    /// A typed column by name.
    /// - Throws: `SQLiteError.noSuchColumn` or `SQLiteError.typeMismatch`.
    public subscript<T: SQLiteColumnDecodable>(_ name: String) -> T {
        get throws { try T.decode(from: statement.value(at: statement.columnIndex(named: name))) }
    }
}
