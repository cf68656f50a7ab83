import Foundation

/// One item of a JSON Lines file: a statement and the line it is on, or what is wrong with a line.
public enum JSONLine: Sendable {
    case record(StatementRecord, line: Int)
    case problem(InputProblem)
}

/// Reads a JSON Lines file a piece at a time, so that a file of a million statements is never
/// in memory whole: one statement per line, blank lines skipped, a byte-order mark at the start
/// allowed.
///
/// A line that is not a statement record is a `.problem` and reading goes on, so that every bad
/// line can be reported at once. What makes the rest of the file unreadable is thrown instead,
/// naming its line: a byte that is not UTF-8, a NUL character (not a text file), a key given
/// twice or nesting deeper than any Parley record (`StructureCheck`), and a file with no record.
public struct JSONLinesReader: Sendable {
    public let origin: String
    /// How far reading has got, for progress shown while another thread imports.
    public let position: ReadPosition
    private let nextChunk: @Sendable () throws -> Data?
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts.
    private var start = 0
    private var line = 0
    private var atEnd = false
    private var sawRecord = false
    private let decoder = JSONDecoder()

    /// How much is read from the file at a time.
    static let chunkSize = 1 << 20

    /// - Parameters:
    ///   - start: bytes of the file already read, read first.
    ///   - nextChunk: the next bytes of the file; nil or empty at its end.
    ///   - totalBytes: the file's size, when it is known (a regular file).
    public init(origin: String, startingWith start: Data = Data(), totalBytes: Int? = nil, nextChunk: @escaping @Sendable () throws -> Data?) {
        self.origin = origin
        self.nextChunk = nextChunk
        position = ReadPosition(totalBytes: totalBytes)
        position.add(start.count)
        buffer = Array(start)
    }

    /// Reads bytes already in memory.
    public init(_ data: Data, origin: String) {
        let taken = Taken(data)
        self.init(origin: origin) { taken.take() }
    }

    /// Reads a file, or standard input, a piece at a time.
    /// - Parameter start: bytes already read from the handle, read first.
    public init(handle: FileHandle, startingWith start: Data = Data(), origin: String) {
        var info = stat()
        let size = fstat(handle.fileDescriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFREG ? Int(info.st_size) : nil
        let handle = UncheckedHandle(handle: handle)
        self.init(origin: origin, startingWith: start, totalBytes: size) { try handle.handle.read(upToCount: Self.chunkSize) }
    }

    /// The next statement or problem; nil at the end of the file.
    /// - Throws: `ParleyError.invalidInput` for what makes the file unreadable (see the type),
    ///   including a read error part way through (a disk or network failure), after the line
    ///   read last.
    public mutating func next() throws -> JSONLine? {
        while let bytes = try nextLine() {
            line += 1
            var content = bytes[...]
            if line == 1, content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
            guard content.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }) else { continue }
            sawRecord = true
            let location = "\(origin), line \(line)"
            if content.contains(0) {
                throw ParleyError.invalid("a NUL character: this is not a text file", location: location)
            }
            if String(validating: content, as: UTF8.self) == nil {
                throw ParleyError.invalid("the file is not valid UTF-8 text; save it as UTF-8", location: location)
            }
            try content.withUnsafeBufferPointer { try StructureCheck.check($0, json: true, shape: .statement, origin: origin, firstLine: line) }
            do {
                return .record(try decoder.decode(StatementRecord.self, from: Data(content)), line: line)
            } catch let error as DecodingError {
                return .problem(InputProblem(location: location, message: InterchangeDocument.describe(error)))
            } catch {
                return .problem(InputProblem(location: location, message: "not a JSON object: \(error.localizedDescription)"))
            }
        }
        if !sawRecord {
            throw ParleyError.invalid("the file is empty: there is nothing to import", location: origin)
        }
        return nil
    }

    /// The longest line read: far more than any statement's (its text and note are at most
    /// 100,000 characters each), so that a file with no line breaks is refused while it is read.
    public static let maximumLineBytes = 16 << 20

    /// The bytes of the next line without its newline; nil when the file is read.
    private mutating func nextLine() throws -> [UInt8]? {
        var searchFrom = start
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                let result = Array(buffer[start..<newline])
                start = newline + 1
                return result
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let result = Array(buffer[start...])
                start = buffer.count
                return result
            }
            // Keep the unfinished line, read the next piece after it.
            buffer.removeSubrange(0..<start)
            start = 0
            if buffer.count > Self.maximumLineBytes {
                throw ParleyError.invalid("line \(line + 1) is longer than \(Self.maximumLineBytes >> 20) MB; a JSON Lines file has one statement per line (is this JSON Lines?)", location: origin)
            }
            searchFrom = buffer.count
            let chunk: Data?
            do {
                chunk = try nextChunk()
            } catch {
                throw ParleyError.invalid("cannot read the file after line \(line): \((error as NSError).localizedDescription)", location: origin)
            }
            if let chunk, !chunk.isEmpty {
                position.add(chunk.count)
                buffer.append(contentsOf: chunk)
            } else {
                atEnd = true
            }
        }
    }
}

/// Hands out its data once.
private final class Taken: @unchecked Sendable {
    private var data: Data?
    private let lock = NSLock()
    init(_ data: Data) { self.data = data }
    func take() -> Data? {
        lock.withLock {
            defer { data = nil }
            return data
        }
    }
}

/// A file handle read by one reader at a time (`JSONLinesReader` is used by one thread).
private struct UncheckedHandle: @unchecked Sendable {
    let handle: FileHandle
}

/// Runs a `JSONLinesReader` on a thread of its own, a few hundred lines ahead of the import:
/// the file is read, decoded and `prepare`d on one core while SQLite writes on another. What the
/// reader hands out, and in which order (an error after the lines before it), is unchanged.
final class ReadAhead<Item: Sendable>: @unchecked Sendable {
    /// Lines handed over at a time, and batches read ahead at most (memory stays bounded).
    static var batchSize: Int { 256 }
    static var batchesAhead: Int { 16 }

    // Shared with the reading thread, under `condition`.
    private let condition = NSCondition()
    private var ready: [[Item]] = []
    private var end: Result<Void, any Error>?
    private var cancelled = false

    // The importing thread's own.
    private var current: [Item] = []
    private var position = 0

    /// - Parameter prepare: work on each line done on the reading thread (it must not touch
    ///   the database).
    init(_ reader: JSONLinesReader, prepare: @escaping @Sendable (JSONLine) -> Item) {
        Thread.detachNewThread { [self] in read(reader, prepare) }
    }

    /// The next line, prepared, in the order `JSONLinesReader.next()` returns them.
    func next() throws -> Item? {
        if position == current.count {
            condition.lock()
            defer { condition.unlock() }
            while ready.isEmpty && end == nil { condition.wait() }
            guard !ready.isEmpty else {
                try end?.get()
                return nil
            }
            current = ready.removeFirst()
            position = 0
            condition.broadcast()
        }
        defer { position += 1 }
        return current[position]
    }

    /// Stops the reading thread (call when the import ends early).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func read(_ reader: JSONLinesReader, _ prepare: (JSONLine) -> Item) {
        var reader = reader
        var batch: [Item] = []
        batch.reserveCapacity(Self.batchSize)
        var outcome: Result<Void, any Error> = .success(())
        do {
            while let line = try reader.next() {
                batch.append(prepare(line))
                if batch.count == Self.batchSize {
                    guard hand(batch) else { return }
                    batch.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            outcome = .failure(error)
        }
        if !batch.isEmpty { guard hand(batch) else { return } }
        condition.lock()
        end = outcome
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for room and hands a batch over; false when cancelled.
    private func hand(_ batch: [Item]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= Self.batchesAhead && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        ready.append(batch)
        condition.broadcast()
        return true
    }
}

/// The bytes a reader has read so far, and of how many: written by the reading thread, read by
/// the one that shows progress.
public final class ReadPosition: @unchecked Sendable {
    public let totalBytes: Int?
    private let lock = NSLock()
    private var read = 0

    init(totalBytes: Int?) {
        self.totalBytes = totalBytes
    }

    func add(_ count: Int) {
        lock.lock()
        read += count
        lock.unlock()
    }

    public var bytesRead: Int {
        lock.lock()
        defer { lock.unlock() }
        return read
    }
}
