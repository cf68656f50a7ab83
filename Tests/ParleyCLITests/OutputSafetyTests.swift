import Foundation
import ParleyCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `--output` never destroys what it did not create: the database and its journal files, a
/// folder, a device or another database are refused or written to as a stream, never replaced.
@Suite("--output: what it overwrites")
struct OutputSafetyTests {
    /// The three commands that take `--output` for the database they read.
    static let writers: [[String]] = [["export"], ["timeline"], ["report", "--topic", "ceasefire"]]

    /// A database with the sample in it, and the bytes of its file.
    func sampleDatabase() throws -> TemporaryDatabase {
        let db = try TemporaryDatabase()
        #expect(db.run(["demo"]).code == 0)
        return db
    }

    func fileType(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & S_IFMT
    }

    @Test("the database itself is refused, by any name, and stays whole", arguments: writers)
    func databaseRefused(command: [String]) throws {
        let db = try sampleDatabase()
        let before = try Data(contentsOf: URL(fileURLWithPath: db.path))
        try FileManager.default.createSymbolicLink(atPath: db.directory + "/link.md", withDestinationPath: db.path)
        #expect(link(db.path, db.directory + "/hard.md") == 0)
        for name in [db.path, db.directory + "/./parley.sqlite", db.directory + "/link.md", db.directory + "/hard.md"] {
            let result = db.run(command + ["--output", name])
            #expect(result.code == 65, "\(name): \(result.stderr)")
            #expect(result.stderr == "error: --output: \(name) is the database this command reads; output never replaces a database: choose another name\n")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db.path)) == before)
        #expect(fileType(db.directory + "/link.md") == S_IFLNK)
        #expect(try db.counts()["statements"] == 10)
    }

    @Test("the database's -wal, -shm and -journal files are refused while another connection has it open")
    func journalFilesRefused() throws {
        let db = try sampleDatabase()
        // Another process's connection: it keeps the WAL with a committed statement in it.
        let other = try ParleyDatabase.open(path: db.path, access: .write)
        _ = try other.statements.add(NewStatement(speaker: "Donald Trump", text: "A statement only the WAL holds."))
        let wal = try Data(contentsOf: URL(fileURLWithPath: db.path + "-wal"))
        for suffix in ["-wal", "-shm", "-journal"] {
            let result = db.run(["export", "--output", db.path + suffix])
            #expect(result.code == 65)
            #expect(result.stderr == "error: --output: \(db.path + suffix) is the database's \(suffix.dropFirst()) file; output never replaces a database: choose another name\n")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db.path + "-wal")) == wal)
        #expect(!FileManager.default.fileExists(atPath: db.path + "-journal"))
        #expect(try db.counts()["statements"] == 11)
        withExtendedLifetime(other) {}
    }

    @Test("a folder is refused and keeps its files", arguments: writers)
    func folderRefused(command: [String]) throws {
        let db = try sampleDatabase()
        let folder = db.directory + "/reports"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        #expect(FileManager.default.createFile(atPath: folder + "/keep.txt", contents: Data("mine".utf8)))
        let result = db.run(command + ["--output", folder])
        #expect(result.code == 65)
        #expect(result.stderr == "error: --output: \(folder) is a folder; give the name of a file, for example \(folder)/export.yaml\n")
        #expect(try String(contentsOfFile: folder + "/keep.txt", encoding: .utf8) == "mine")
    }

    @Test("another SQLite database, a link to nothing and a missing folder are refused")
    func otherRefusals() throws {
        let db = try sampleDatabase()
        let other = db.directory + "/other.sqlite"
        try FileManager.default.copyItem(atPath: db.path, toPath: other)
        var result = db.run(["export", "--output", other])
        #expect(result.code == 65)
        #expect(result.stderr.contains("is an SQLite database; output never replaces a database"))
        try FileManager.default.createSymbolicLink(atPath: db.directory + "/dangling.yaml", withDestinationPath: db.directory + "/nowhere")
        result = db.run(["export", "--output", db.directory + "/dangling.yaml"])
        #expect(result.code == 65)
        #expect(result.stderr.contains("is a symbolic link to a file that does not exist"))
        #expect(!FileManager.default.fileExists(atPath: db.directory + "/nowhere"))
        result = db.run(["export", "--output", db.directory + "/missing/x.yaml"])
        #expect(result.code == 65)
        #expect(result.stderr.contains("is in a folder that does not exist; create the folder first"))
    }

    @Test("a character device is written to, never replaced", arguments: writers)
    func deviceWritten(command: [String]) throws {
        let db = try sampleDatabase()
        let result = db.run(command + ["--output", "/dev/null"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(fileType("/dev/null") == S_IFCHR)
    }

    @Test("a FIFO and /dev/fd/N are written to as streams")
    func streams() throws {
        let db = try sampleDatabase()
        let expected = db.run(["export", "--format", "json"]).stdout
        #expect(expected.contains("\"statements\""))

        let fifo = db.directory + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = FIFOReader(fifo)
        let result = db.run(["export", "--format", "json", "--output", fifo])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(reader.wait() == expected)
        #expect(fileType(fifo) == S_IFIFO)

        let pipe = Pipe()
        let viaFD = db.run(["export", "--format", "json", "--output", "/dev/fd/\(pipe.fileHandleForWriting.fileDescriptor)"])
        try pipe.fileHandleForWriting.close()
        #expect(viaFD.code == 0, "\(viaFD.stderr)")
        #expect(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == expected)
    }

    @Test("a regular file is replaced whole, keeping its permissions; a link to it stays a link")
    func regularFileReplaced() throws {
        let db = try sampleDatabase()
        let file = db.directory + "/out.md"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("old".utf8), attributes: [.posixPermissions: 0o640]))
        try FileManager.default.createSymbolicLink(atPath: db.directory + "/latest.md", withDestinationPath: file)
        let result = db.run(["timeline", "--format", "markdown", "--output", db.directory + "/latest.md"])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(fileType(db.directory + "/latest.md") == S_IFLNK)
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("# Timeline"))
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: db.directory).filter { $0.hasSuffix(PartialFile.suffix) }
        #expect(leftovers.isEmpty)
    }

    @Test("output that fails part way leaves the file it would replace as it was, and no partial file")
    func failedOutputLeavesFile() throws {
        let db = try TemporaryDatabase()
        let file = db.directory + "/out.yaml"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("the previous export".utf8)))
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try OutputFile(file).write { write in
                try write(String(repeating: "x", count: 200_000))
                throw Interrupted()
            }
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "the previous export")
        #expect(try FileManager.default.contentsOfDirectory(atPath: db.directory) == ["out.yaml"])
    }
}

/// Reads a FIFO to its end on another thread (opening it blocks until a writer opens it).
final class FIFOReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var text = ""

    init(_ path: String) {
        Thread.detachNewThread { [self] in
            // Foundation's readers do not wait for a FIFO's writer: read it as `cat` would.
            let descriptor = open(path, O_RDONLY)
            if descriptor >= 0 {
                text = String(decoding: FileHandle(fileDescriptor: descriptor, closeOnDealloc: true).readDataToEndOfFile(), as: UTF8.self)
            }
            done.signal()
        }
    }

    /// What the writer wrote, once it has closed the FIFO.
    func wait() -> String {
        done.wait()
        return text
    }
}
