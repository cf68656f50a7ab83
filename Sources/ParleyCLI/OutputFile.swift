import ParleyCore

/// Writes a command's output to standard output, or to `--output FILE` as `OutputFile` decides:
/// a regular file whole or not at all, a device or FIFO as a stream, and never a folder or the
/// database the command reads. Output is gathered in 64 KB pieces, so a long listing makes few
/// system calls.
/// - Parameter database: the database the command reads (refused as an output path).
func writeOutput(to path: String?, protecting database: String?, _ produce: (_ write: (String) throws -> Void) throws -> Void) throws {
    guard let path else {
        let console = Console.current
        try OutputFile.gathering(produce) { console.writeOut($0) }
        return
    }
    try OutputFile(path, protecting: database).write(produce)
}
