/// A value as SQLite stores it: the five storage classes.
///
/// Every value that reaches SQLite goes through this enum as a bound parameter; SQL text is never
/// built from values.
public enum SQLiteValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLiteValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .text(let value): return value
        case .blob(let bytes): return "<\(bytes.count) bytes>"
        }
    }
}

/// A Swift type that can be bound to a statement parameter.
///
/// Arrays are deliberately *not* bindable (except `[UInt8]`, which is a blob): `WHERE id IN (?)`
/// with an array is a classic bug, because SQLite binds one value per `?`. Build one `?` per
/// element, or use a temporary table or `json_each(?)` with a JSON text.
public protocol SQLiteBindable {
    var sqliteValue: SQLiteValue { get }
}

/// A Swift type that can be read from a result column.
public protocol SQLiteColumnDecodable {
    /// - Throws: `SQLiteError.typeMismatch` when the stored value cannot be this type.
    static func decode(from value: SQLiteValue) throws -> Self
}

extension SQLiteValue: SQLiteBindable, SQLiteColumnDecodable {
    public var sqliteValue: SQLiteValue { self }
    public static func decode(from value: SQLiteValue) -> SQLiteValue { value }
}

extension Int64: SQLiteBindable, SQLiteColumnDecodable {
    public var sqliteValue: SQLiteValue { .integer(self) }
    public static func decode(from value: SQLiteValue) throws -> Int64 {
        switch value {
        case .integer(let v): return v
        case .real(let v) where v.rounded() == v && abs(v) < 9.2e18: return Int64(v)
        default: throw SQLiteError.typeMismatch(expected: "integer", found: value)
        }
    }
}

extension Int: SQLiteBindable, SQLiteColumnDecodable {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
    public static func decode(from value: SQLiteValue) throws -> Int {
        Int(try Int64.decode(from: value))
    }
}

extension Int32: SQLiteBindable, SQLiteColumnDecodable {
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
    public static func decode(from value: SQLiteValue) throws -> Int32 {
        let wide = try Int64.decode(from: value)
        guard let narrow = Int32(exactly: wide) else {
            throw SQLiteError.typeMismatch(expected: "32-bit integer", found: value)
        }
        return narrow
    }
}

extension Double: SQLiteBindable, SQLiteColumnDecodable {
    public var sqliteValue: SQLiteValue { .real(self) }
    public static func decode(from value: SQLiteValue) throws -> Double {
        switch value {
        case .real(let v): return v
        case .integer(let v): return Double(v)
        default: throw SQLiteError.typeMismatch(expected: "real", found: value)
        }
    }
}

extension Bool: SQLiteBindable, SQLiteColumnDecodable {
    public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
    public static func decode(from value: SQLiteValue) throws -> Bool {
        switch value {
        case .integer(let v): return v != 0
        case .real(let v): return v != 0
        default: throw SQLiteError.typeMismatch(expected: "boolean", found: value)
        }
    }
}

extension String: SQLiteBindable, SQLiteColumnDecodable {
    public var sqliteValue: SQLiteValue { .text(self) }
    public static func decode(from value: SQLiteValue) throws -> String {
        switch value {
        case .text(let v): return v
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        default: throw SQLiteError.typeMismatch(expected: "text", found: value)
        }
    }
}

extension Substring: SQLiteBindable {
    public var sqliteValue: SQLiteValue { .text(String(self)) }
}

extension Array: SQLiteBindable, SQLiteColumnDecodable where Element == UInt8 {
    public var sqliteValue: SQLiteValue { .blob(self) }
    public static func decode(from value: SQLiteValue) throws -> [UInt8] {
        switch value {
        case .blob(let v): return v
        case .text(let v): return Array(v.utf8)
        default: throw SQLiteError.typeMismatch(expected: "blob", found: value)
        }
    }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    public var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
}

extension Optional: SQLiteColumnDecodable where Wrapped: SQLiteColumnDecodable {
    public static func decode(from value: SQLiteValue) throws -> Wrapped? {
        if case .null = value { return nil }
        return try Wrapped.decode(from: value)
    }
}
