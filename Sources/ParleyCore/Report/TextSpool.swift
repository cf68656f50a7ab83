import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text put aside in a temporary file and read back by place: for output made in one pass and
/// written later in another order, when it is too big to hold (a report's sections by speaker
/// and its sources run to 25 MB at a million statements). The file is in the temporary folder
/// (`TMPDIR`, else `/tmp`), removed from it as soon as it is opened, so nothing is left behind
/// however the process ends; it is closed when the spool goes.
final class TextSpool {
    /// Where a piece of text is in the file.
    struct Span {
        var offset: Int
        var length: Int
    }

    private let descriptor: Int32
    /// What `append` was given and has not reached the file yet.
    private var pending: [UInt8] = []
    /// How many bytes are in the file.
    private var written = 0

    /// - Throws: `ParleyError.database` when the temporary folder has no room for a file.
    init() throws {
        let folder = FileManager.default.temporaryDirectory.path
        var template = Array((folder + "/parley-spool-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw ParleyError.database("cannot make a temporary file in \(folder) (\(String(cString: strerror(errno)))); set TMPDIR to a folder with room")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.descriptor = descriptor
        pending.reserveCapacity(Self.flushSize)
    }

    deinit { close(descriptor) }

    /// Adds `text` at the end; where it is.
    func append(_ text: String) throws -> Span {
        let span = Span(offset: written + pending.count, length: text.utf8.count)
        pending.append(contentsOf: text.utf8)
        if pending.count >= Self.flushSize { try flush() }
        return span
    }

    /// The text at `span`.
    func text(at span: Span) throws -> String {
        if span.offset + span.length > written { try flush() }
        var bytes = [UInt8](repeating: 0, count: span.length)
        var done = 0
        try bytes.withUnsafeMutableBytes { buffer in
            while done < span.length {
                let count = pread(descriptor, buffer.baseAddress! + done, span.length - done, off_t(span.offset + done))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { throw Self.failure("read", count == 0 ? "the file is shorter than was written" : String(cString: strerror(errno))) }
                done += count
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func flush() throws {
        var done = 0
        try pending.withUnsafeBytes { buffer in
            while done < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                guard count >= 0 else {
                    if errno == EINTR { continue }
                    throw Self.failure("write", String(cString: strerror(errno)))
                }
                done += count
            }
        }
        written += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    private static func failure(_ action: String, _ why: String) -> ParleyError {
        ParleyError.database("cannot \(action) the report's temporary file in \(FileManager.default.temporaryDirectory.path) (\(why)); set TMPDIR to a folder with room")
    }

    private static let flushSize = 1 << 16
}
