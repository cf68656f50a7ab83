import Foundation
import ParleyCore

/// Writes a command's output to standard output, or to `--output FILE` whole or not at all: the
/// text goes to a file beside the target, which is moved into place only when writing succeeded.
/// Output is gathered in 64 KB pieces, so a long listing makes few system calls.
func writeOutput(to path: String?, _ produce: (_ write: (String) throws -> Void) throws -> Void) throws {
    let console = Console.current
    var buffer = ""
    let limit = 1 << 16
    guard let path else {
        try produce { text in
            buffer += text
            if buffer.utf8.count >= limit {
                console.writeOut(buffer)
                buffer = ""
            }
        }
        if !buffer.isEmpty { console.writeOut(buffer) }
        return
    }
    let temporary = path + ".parley-partial"
    guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
        throw ParleyError.invalid("cannot write \(path); check that the folder exists and is writable", field: "--output")
    }
    do {
        try produce { text in
            buffer += text
            if buffer.utf8.count >= limit {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
        }
        try handle.write(contentsOf: Data(buffer.utf8))
        try handle.close()
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    } catch {
        // The command's own error is the one to report, with the partial file if it stays.
        throw ParleyError.reporting(error, leftovers: removeLeftovers([temporary]))
    }
}
