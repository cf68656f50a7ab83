import Foundation
import ParleyCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command's output goes and what it knows of its surroundings: the real terminal, or
/// a capture in tests (`Console.$current.withValue(capture) { … }`).
///
/// Commands never call `print`: everything goes through `Console.current`, so in-process tests
/// see exactly what a user would.
public struct Console: Sendable {
    /// Where standard output goes, as is. Commands use `writeOut`, which keeps control
    /// characters of stored text off a terminal.
    public var rawOut: @Sendable (String) -> Void
    /// Where standard error goes, as is. Commands use `err`, which keeps control characters
    /// of stored text and of files out of every message.
    public var rawErr: @Sendable (String) -> Void
    /// Reads the next piece of standard input; nil or empty at its end. Standard input is only
    /// ever read this way, so that every reader bounds what it keeps (`BoundedInput`) or streams
    /// it (`import -` of JSON Lines).
    public var readInputChunk: @Sendable () throws -> Data? = { nil }
    /// Whether standard output is a terminal.
    public var isTerminal: Bool
    /// Whether standard error is a terminal (progress is shown only there).
    public var isErrorTerminal: Bool = false
    /// The terminal's width in columns, when output goes to one.
    public var width: Int?
    public var environment: [String: String]

    public init(writeOut: @escaping @Sendable (String) -> Void, writeErr: @escaping @Sendable (String) -> Void,
                isTerminal: Bool, width: Int?, environment: [String: String]) {
        self.rawOut = writeOut
        self.rawErr = writeErr
        self.isTerminal = isTerminal
        self.width = width
        self.environment = environment
    }

    @TaskLocal public static var current: Console = .standard

    /// The process's own standard output, error and input.
    public static var standard: Console {
        let environment = ProcessInfo.processInfo.environment
        let isTerminal = isatty(STDOUT_FILENO) == 1
        var width: Int?
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            width = columns
        } else if isTerminal {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
                width = Int(size.ws_col)
            }
        }
        var console = Console(
            writeOut: { FileHandle.standardOutput.write(Data($0.utf8)) },
            writeErr: { FileHandle.standardError.write(Data($0.utf8)) },
            isTerminal: isTerminal, width: width, environment: environment)
        console.isErrorTerminal = isatty(STDERR_FILENO) == 1
        console.readInputChunk = { try FileHandle.standardInput.read(upToCount: 1 << 20) }
        return console
    }

    /// Writes to standard output. On a terminal, control characters (an escape sequence hidden
    /// in a stored quote, a bell, a right-to-left override) are replaced, whatever the format:
    /// piped or written to a file, output is the data as stored.
    public func writeOut(_ text: String) {
        rawOut(isTerminal ? TerminalText.sanitize(text, keepNewlines: true) : text)
    }

    /// Writes text whose styling (bold) Parley added itself, after sanitizing what came from
    /// the database.
    public func writeStyled(_ text: String) {
        rawOut(text)
    }

    /// Writes to standard output; a missing final newline is added.
    public func out(_ text: String) {
        writeOut(text.hasSuffix("\n") || text.isEmpty ? text : text + "\n")
    }

    /// Writes a line to standard error, with control characters, line and paragraph separators
    /// and bidi controls replaced, wherever standard error goes: what it says comes from stored
    /// names and from files, and is read by a person.
    public func err(_ text: String) {
        rawErr(TerminalText.sanitize(text.hasSuffix("\n") ? text : text + "\n", keepNewlines: true))
    }

    /// Writes Parley's own terminal controls to standard error (the progress line).
    public func errControl(_ text: String) {
        rawErr(text)
    }

    /// The width to lay tables out for: the terminal's, or none (no truncation) when piped.
    var tableWidth: Int? { width }
    /// The width to wrap running text to.
    var textWidth: Int { min(width ?? 100, 100) }
}

/// Output captured in memory, for tests.
public final class CapturedConsole: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""
    private let input: String?
    private let inputBytes: Data?

    public init(input: String? = nil) {
        self.input = input
        self.inputBytes = nil
    }

    /// Standard input as raw bytes (which need not be UTF-8).
    public init(inputBytes: Data) {
        self.input = String(decoding: inputBytes, as: UTF8.self)
        self.inputBytes = inputBytes
    }

    /// How much of the input `readInputChunk` has handed out.
    private var inputRead = 0
    /// The size of the pieces `readInputChunk` hands out: small, as a pipe's are.
    public static let inputChunkSize = 4096

    /// The next piece of the input; nil at its end.
    func nextInputChunk() -> Data? {
        lock.withLock {
            let bytes = inputBytes ?? Data((input ?? "").utf8)
            guard inputRead < bytes.count else { return nil }
            let end = min(inputRead + Self.inputChunkSize, bytes.count)
            defer { inputRead = end }
            return bytes.subdata(in: inputRead..<end)
        }
    }

    /// How many bytes of the input were read a piece at a time.
    public var inputBytesRead: Int { lock.withLock { inputRead } }

    public var stdout: String { lock.withLock { outText } }
    public var stderr: String { lock.withLock { errText } }

    public func console(width: Int? = nil, isTerminal: Bool = false, environment: [String: String] = [:]) -> Console {
        var console = Console(
            writeOut: { text in self.lock.withLock { self.outText += text } },
            writeErr: { text in self.lock.withLock { self.errText += text } },
            isTerminal: isTerminal, width: width, environment: environment)
        console.readInputChunk = { self.nextInputChunk() }
        return console
    }
}
