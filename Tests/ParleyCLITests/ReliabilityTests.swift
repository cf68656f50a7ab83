import Foundation
import ParleyCLI
import ParleyCore
import ParleySQLite
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The figures RELIABILITY.md quotes, printed by each test as it ends.
func reportFigure(_ text: String) {
    print("reliability: \(text)")
}

/// Runs the built binary and waits.
@discardableResult
func runParley(_ arguments: [String], input: String? = nil, environment extra: [String: String] = [:]) throws -> (code: Int32, stdout: String, stderr: String) {
    try runProcess(try BinaryTests.binary(), arguments, input: input, environment: extra)
}

/// Runs a program with `PARLEY_DB` unset (plus `extra`), feeding it `input`, and waits.
func runProcess(_ executable: URL, _ arguments: [String], input: String? = nil, environment extra: [String: String] = [:],
                directory: String? = nil) throws -> (code: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["PARLEY_DB"] = nil
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe(), inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try inPipe.fileHandleForWriting.close()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

/// Starts the built binary, kills it with SIGKILL after `seconds`, and waits for it to end.
func killParley(_ arguments: [String], after seconds: Double) throws {
    let process = Process()
    process.executableURL = try BinaryTests.binary()
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    usleep(UInt32(seconds * 1_000_000))
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
}

func newDirectory(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "parley-\(name)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Integrity, foreign keys and the full-text index, as `db check` sees them.
func expectHealthy(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let parley = try ParleyDatabase.open(path: path, access: .read)
    let report = try parley.check()
    #expect(report.isHealthy, "\(report)", sourceLocation: sourceLocation)
}

@Suite("Reliability", .serialized)
struct ReliabilityTests {
    @Test("an import killed with SIGKILL at random moments is wholly there or wholly absent, and runs again")
    func crashSafety() throws {
        let directory = try newDirectory("crash")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let corpus = directory + "/corpus.jsonl"
        #expect(try runParley(["generate-corpus", "--statements", "2000", "--actors", "60", "--topics", "12", "--seed", "11", "--output", corpus]).code == 0)
        let base = directory + "/base.sqlite"
        #expect(try runParley(["demo", "--db", base]).code == 0)

        // How long a whole import takes here, to kill within it.
        let timing = directory + "/timing.sqlite"
        try FileManager.default.copyItem(atPath: base, toPath: timing)
        let started = Date()
        #expect(try runParley(["import", corpus, "--db", timing]).code == 0)
        let duration = Date().timeIntervalSince(started)

        var seed: UInt64 = 2025
        func nextFraction() -> Double {  // a fixed sequence, so a failing trial can be replayed
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 33) / Double(1 << 31)
        }
        var outcomes = (absent: 0, present: 0)
        let trials = 20
        for trial in 0..<trials {
            let path = directory + "/trial\(trial).sqlite"
            try FileManager.default.copyItem(atPath: base, toPath: path)
            try killParley(["import", corpus, "--db", path], after: nextFraction() * duration * 1.1)

            try expectHealthy(path)
            let count = try ParleyDatabase.open(path: path, access: .read).statements.count(StatementFilter(includeRetracted: true))
            #expect(count == 10 || count == 2010, "trial \(trial): \(count) statements, neither before nor after")
            if count == 10 { outcomes.absent += 1 } else { outcomes.present += 1 }
            let again = try runParley(["import", corpus, "--db", path])
            #expect(again.code == 0, "trial \(trial): \(again.stderr)")
            #expect(try ParleyDatabase.open(path: path, access: .read).statements.count(StatementFilter(includeRetracted: true)) == 2010)
            try? FileManager.default.removeItem(atPath: path)
        }
        reportFigure("crash safety: \(trials) imports of 2,000 statements killed with SIGKILL (\(outcomes.absent) before commit, \(outcomes.present) after); 0 damaged, 0 partial")
    }

    @Test("4 writers and 2 readers at once: every statement is there, no one is refused")
    func concurrentUse() throws {
        let directory = try newDirectory("concurrent")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/shared.sqlite"
        #expect(try runParley(["demo", "--db", path]).code == 0)
        let failures = LockedList()
        let perWriter = 250
        DispatchQueue.concurrentPerform(iterations: 6) { worker in
            do {
                if worker < 4 {
                    for index in 0..<perWriter {
                        let result = try runParley(["add", "--db", path, "--speaker", "putin", "--quote", "Writer \(worker) statement \(index).",
                                                    "--stance", "ceasefire=unclear"])
                        if result.code != 0 { failures.append("writer \(worker) #\(index): \(result.stderr)") }
                    }
                } else {
                    for index in 0..<60 {
                        let arguments = index % 2 == 0 ? ["search", "statement", "--db", path, "--limit", "5"] : ["timeline", "--format", "csv", "--db", path]
                        let result = try runParley(arguments)
                        if result.code != 0 { failures.append("reader \(worker) #\(index): \(result.stderr)") }
                    }
                }
            } catch {
                failures.append("worker \(worker): \(error)")
            }
        }
        #expect(failures.items.isEmpty, "\(failures.items.prefix(5))")
        #expect(!failures.items.contains { $0.contains("locked") || $0.contains("busy") })
        #expect(try ParleyDatabase.open(path: path, access: .read).statements.count(StatementFilter(speakers: ["putin"])) == 4 * perWriter + 1)
        try expectHealthy(path)
        reportFigure("concurrency: 4 processes wrote \(4 * perWriter) statements while 2 ran 120 searches and timelines; \(failures.items.count) failures")
    }

    @Test("a database of schema version 1 is upgraded with every row intact and a backup beside it")
    func upgrade() throws {
        let directory = try newDirectory("upgrade")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/sample-schema-v1.sqlite").path
        let path = directory + "/old.sqlite"
        try FileManager.default.copyItem(atPath: fixture, toPath: path)
        let status = try runParley(["db", "status", "--db", path])
        #expect(status.code == 0)
        #expect(status.stderr.contains("upgraded \(path) from schema version 1 to \(try ParleyDatabase.migrator().latestVersion)"))
        let backups = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("old.sqlite.v1-") && $0.hasSuffix(".bak") }
        #expect(backups.count == 1)
        let backup = try Database(path: directory + "/" + backups[0], mode: .readOnly)
        #expect(try backup.userVersion() == 1)
        #expect(try backup.scalar("SELECT count(*) FROM statement") == 10)
        // Every row: the upgraded file exports exactly what a new database with the sample does.
        let fresh = directory + "/fresh.sqlite"
        #expect(try runParley(["demo", "--db", fresh]).code == 0)
        let upgraded = try runParley(["export", "--format", "json", "--db", path]).stdout
        #expect(upgraded == (try runParley(["export", "--format", "json", "--db", fresh]).stdout))
        #expect(upgraded.contains("5eed0004-0000-4000-8000-000000000010"))
        try expectHealthy(path)
    }

    @Test("a database from a newer Parley is refused, untouched")
    func newer() throws {
        let directory = try newDirectory("newer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/future.sqlite"
        #expect(try runParley(["demo", "--db", path]).code == 0)
        do {
            let db = try Database(path: path, enableWAL: false)
            try db.execute("PRAGMA journal_mode = DELETE")
            try db.setUserVersion(99)
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for command in [["statement", "list"], ["add", "--speaker", "putin", "--quote", "x"], ["db", "check"]] {
            let result = try runParley(command + ["--db", path])
            #expect(result.code == 1)
            #expect(result.stderr.contains("schema version 99"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("a folder that cannot be written gives a clear error")
    func readOnlyFolder() throws {
        // /proc refuses new files even to root, which file permissions would not.
        let result = try runParley(["topic", "add", "ceasefire", "--db", "/proc/parley-test/parley.sqlite"])
        #expect(result.code == 1)
        #expect(result.stderr.hasPrefix("error: cannot create the folder /proc/parley-test"))
        let file = try runParley(["topic", "add", "ceasefire", "--db", "/proc/parley.sqlite"])
        #expect(file.code == 1)
        #expect(file.stderr.hasPrefix("error: cannot open /proc/parley.sqlite"))
    }

    @Test("a full disk fails the write cleanly and leaves the database as it was")
    func fullDisk() throws {
        let directory = try newDirectory("full")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let parley = try ParleyDatabase.open(path: directory + "/full.sqlite", access: .write)
        try Importer(parley).run(SampleData.document(), origin: "sample")
        func export() throws -> String {
            var text = ""
            try Exporter(parley).write(.json, filter: nil) { text += $0 }
            return text
        }
        let before = try export()
        let pages: Int = try parley.db.scalar("PRAGMA page_count") ?? 0
        let _: Int? = try parley.db.scalar("PRAGMA max_page_count = \(pages + 2)")
        let error = #expect(throws: SQLiteError.self) {
            try Importer(parley).run(CorpusGenerator(seed: 5, statements: 2000, actors: 40, topics: 8).document(), origin: "big")
        }
        #expect(error?.code?.primary == .full)
        #expect(try export() == before)
        #expect(try parley.check().isHealthy)
    }

    @Test("db backup copies a consistent database while another process writes")
    func backupWhileWriting() throws {
        let directory = try newDirectory("backup")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/live.sqlite"
        let corpus = directory + "/corpus.jsonl"
        #expect(try runParley(["demo", "--db", path]).code == 0)
        #expect(try runParley(["generate-corpus", "--statements", "1500", "--actors", "40", "--topics", "8", "--output", corpus]).code == 0)
        let writer = Process()
        writer.executableURL = try BinaryTests.binary()
        writer.arguments = ["import", corpus, "--db", path]
        writer.standardOutput = FileHandle.nullDevice
        writer.standardError = FileHandle.nullDevice
        try writer.run()
        let result = try runParley(["db", "backup", directory + "/copy.sqlite", "--db", path])
        writer.waitUntilExit()
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("integrity ok"))
        try expectHealthy(directory + "/copy.sqlite")
        let count = try ParleyDatabase.open(path: directory + "/copy.sqlite", access: .read).statements.count(StatementFilter(includeRetracted: true))
        #expect(count == 10 || count == 1510, "a consistent moment: before or after the import, \(count)")
        let again = try runParley(["db", "backup", directory + "/copy.sqlite", "--db", path])
        #expect(again.code == 1)
        #expect(again.stderr.contains("already exists"))
    }
}

/// A list several threads append to.
final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ item: String) { lock.withLock { storage.append(item) } }
    var items: [String] { lock.withLock { storage } }
}
