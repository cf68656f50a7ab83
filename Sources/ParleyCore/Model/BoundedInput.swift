import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading input whole, never past a limit: a file or a stream that never ends (`/dev/zero`)
/// or is far larger than anything Parley reads whole is refused while it is read, with what to
/// do, instead of filling memory.
public enum BoundedInput {
    /// The largest document (JSON, YAML, CSV) read whole: larger collections are JSON Lines,
    /// which is streamed.
    public static let maximumDocumentBytes = 1 << 30
    /// The largest article `parley extract` reads.
    public static let maximumArticleBytes = 16 << 20
    /// The largest value read from standard input for one option (`--quote -`).
    public static let maximumValueBytes = 4 << 20

    /// Reads `nextChunk` (nil or empty at the end) to its end.
    /// - Parameters:
    ///   - start: what was read already.
    ///   - what: what is being read, for the message ("a document", "an article").
    /// - Throws: `ParleyError.invalidInput` at `origin` as soon as more than `limit` bytes came.
    ///   - text: the input is text, so a NUL byte (which no text has, and which `/dev/zero` is
    ///     made of) is refused where it is found.
    public static func read(_ nextChunk: () throws -> Data?, startingWith start: Data = Data(), limit: Int,
                            what: String, hint: String, origin: String, text: Bool = false) throws -> Data {
        var data = start
        if text { try refuseNUL(in: start, after: Data(), origin: origin) }
        while data.count <= limit {
            let chunk: Data?
            do {
                chunk = try nextChunk()
            } catch {
                throw ParleyError.invalid("cannot read it: \((error as NSError).localizedDescription)", location: origin)
            }
            guard let chunk, !chunk.isEmpty else { return data }
            if text { try refuseNUL(in: chunk, after: data, origin: origin) }
            data.append(chunk)
        }
        throw tooLarge(limit: limit, what: what, hint: hint, origin: origin)
    }

    /// Reads a file (or a FIFO, or a device) whole; a regular file over `limit` is refused by
    /// its size before a byte is read.
    public static func readFile(_ path: String, limit: Int, what: String, hint: String, text: Bool = false) throws -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ParleyError.invalid("cannot read the file: \(String(cString: strerror(errno)))", location: path)
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw ParleyError.invalid("this is a folder; name a file", location: path)
        case S_IFREG where Int(info.st_size) > limit: throw tooLarge(limit: limit, what: what, hint: hint, origin: path)
        default: break
        }
        let descriptor = open(path, O_RDONLY | O_NOCTTY)
        guard descriptor >= 0 else {
            throw ParleyError.invalid("cannot read the file: \(String(cString: strerror(errno)))", location: path)
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        return try read({ try handle.read(upToCount: 1 << 20) }, limit: limit, what: what, hint: hint, origin: path, text: text)
    }

    /// Refuses a NUL byte in `chunk`, naming its line and byte (`read`: what came before it).
    static func refuseNUL(in chunk: Data, after read: Data, origin: String) throws {
        guard let index = chunk.firstIndex(of: 0) else { return }
        let newline = UInt8(ascii: "\n")
        let line = 1 + read.reduce(0) { $1 == newline ? $0 + 1 : $0 } + chunk[..<index].reduce(0) { $1 == newline ? $0 + 1 : $0 }
        throw ParleyError.invalid("a NUL byte (byte \(read.count + index - chunk.startIndex + 1)): this is not a text file", location: "\(origin), line \(line)")
    }

    static func tooLarge(limit: Int, what: String, hint: String, origin: String) -> ParleyError {
        ParleyError.invalid("\(what) larger than \(limit >> 20) MB; \(hint)", location: origin)
    }
}
