import Foundation
import ParleyCore

/// Writes a command's output to standard output, or to `--output FILE` whole or not at all: the
/// text goes to a file beside the target, which is moved into place only when writing succeeded.
func writeOutput(to path: String?, _ produce: (_ write: (String) throws -> Void) throws -> Void) throws {
    let console = Console.current
    guard let path else {
        try produce { console.writeOut($0) }
        return
    }
    let temporary = path + ".parley-partial"
    guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
        throw ParleyError.invalid("cannot write \(path); check that the folder exists and is writable", field: "--output")
    }
    do {
        try produce { try handle.write(contentsOf: Data($0.utf8)) }
        try handle.close()
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    } catch {
        // The command's own error is the one to report; the partial file goes if it can.
        try? FileManager.default.removeItem(atPath: temporary)
        throw error
    }
}
