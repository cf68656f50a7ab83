import Foundation
import ParleyCLI
import ParleyCore
import ParleySQLite
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Parley's sample in a database of schema version 1, as the first release wrote it.
let schema1Fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/sample-schema-v1.sqlite").path

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

/// A `parley` process started with `PARLEY_FAULT_MARKERS` (see `FaultMarkers` in ParleyCore):
/// it prints a line at each point of an import's transaction and stops itself at `stop`.
struct FaultedParley {
    let process = Process()
    private let errors = Pipe()
    private var seen = ""

    init(_ arguments: [String], stop: String = "") throws {
        process.executableURL = try BinaryTests.binary()
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PARLEY_DB"] = nil
        environment["PARLEY_FAULT_MARKERS"] = stop
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
    }

    /// Reads standard error until the marker line `name` (true), or until the process ends
    /// without printing it (false).
    mutating func waitFor(_ name: String) -> Bool {
        let line = "parley-fault: \(name)\n"
        while !seen.contains(line) {
            let data = errors.fileHandleForReading.availableData
            if data.isEmpty { return false }
            seen += String(decoding: data, as: UTF8.self)
        }
        return true
    }

    /// Kills the process with SIGKILL and waits; true when it died of that signal.
    mutating func kill() -> Bool {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        seen += String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }

    /// Lets a stopped process go on, and waits for it to end: its exit code and standard error.
    mutating func resume() -> (code: Int32, stderr: String) {
        Glibc.kill(process.processIdentifier, SIGCONT)
        seen += String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus, seen)
    }

    /// Every marker printed so far.
    var markers: [String] {
        seen.split(separator: "\n").filter { $0.hasPrefix("parley-fault: ") }.map { String($0.dropFirst("parley-fault: ".count)) }
    }
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
    /// The statements, and the rows of the full-text index (one per statement indexed), of the
    /// database at `path`.
    static func counts(_ path: String) throws -> Counts {
        let parley = try ParleyDatabase.open(path: path, access: .read)
        return Counts(statements: try parley.statements.count(StatementFilter(includeRetracted: true)),
                      indexed: try parley.db.scalar("SELECT count(*) FROM statement_fts_docsize") ?? -1)
    }

    struct Counts: Equatable {
        var statements: Int
        var indexed: Int
    }

    /// After a kill: sound, the sample only, indexed; the trigger still indexes a new statement;
    /// the import runs again, whole and indexed.
    static func expectRecovered(_ path: String, corpus: String, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try expectHealthy(path, sourceLocation: sourceLocation)  // integrity, foreign keys, FTS5's own check, triggers and views
        let after = try counts(path)
        #expect(after == Counts(statements: 10, indexed: 10), "\(label): \(after), not the sample's 10 statements, indexed", sourceLocation: sourceLocation)
        let again = try runParley(["import", corpus, "--db", path])
        #expect(again.code == 0, "\(label): \(again.stderr)", sourceLocation: sourceLocation)
        #expect(try runParley(["add", "--db", path, "--speaker", "putin", "--quote", "Zyzzyva \(label)."]).code == 0, sourceLocation: sourceLocation)
        var found: [Int64] = []
        try ParleyDatabase.open(path: path, access: .read).statements.search("zyzzyva") { found.append($0.statement.id) }
        #expect(found == [2011], "\(label): the insert trigger indexes a new statement", sourceLocation: sourceLocation)
        let whole = try counts(path)
        #expect(whole == Counts(statements: 2011, indexed: 2011), "\(label): \(whole) after the import ran again", sourceLocation: sourceLocation)
        try expectHealthy(path, sourceLocation: sourceLocation)
    }

    @Test("an import killed with SIGKILL inside its transaction leaves nothing of it, and runs again")
    func crashSafety() throws {
        let directory = try newDirectory("crash")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let corpus = directory + "/corpus.jsonl"
        #expect(try runParley(["generate-corpus", "--statements", "2000", "--actors", "60", "--topics", "12", "--seed", "11", "--output", corpus]).code == 0)
        let base = directory + "/base.sqlite"
        #expect(try runParley(["demo", "--db", base]).code == 0)

        // The import, stopped at each point of its transaction (ids 11…2010 are new; the index
        // takes them 100 at a time) and killed there.
        let points = ["begin", "indexed 110", "indexed 1010", "indexed 2010", "commit"]
        for point in points {
            let path = directory + "/\(point.replacingOccurrences(of: " ", with: "-")).sqlite"
            try FileManager.default.copyItem(atPath: base, toPath: path)
            var run = try FaultedParley(["import", corpus, "--db", path], stop: point)
            let reached = run.waitFor(point), killed = run.kill()
            #expect(reached, "the import reached \(point): \(run.markers)")
            #expect(killed, "killed by SIGKILL at \(point)")
            #expect(!run.markers.contains("commit") || point == "commit", "\(point): \(run.markers)")
            try Self.expectRecovered(path, corpus: corpus, point)
        }

        // And at moments no marker chose: each kill after the transaction began (its first line)
        // and before it finished, spread over the index batches.
        var inside = 0
        let batches = [3, 7, 12, 16, 19]
        for batch in batches {
            let path = directory + "/batch\(batch).sqlite"
            try FileManager.default.copyItem(atPath: base, toPath: path)
            var run = try FaultedParley(["import", corpus, "--db", path])
            let reached = run.waitFor("indexed \(10 + batch * 100)"), killed = run.kill()
            #expect(reached)
            #expect(killed, "killed by SIGKILL after batch \(batch)")
            let markers = run.markers
            if markers.contains("begin") && !markers.contains("commit") {
                inside += 1
                try Self.expectRecovered(path, corpus: corpus, "after batch \(batch)")
            } else {
                Issue.record("the kill after batch \(batch) came too late: \(markers.suffix(3))")
            }
        }
        reportFigure("crash safety: \(points.count + batches.count) imports of 2,000 statements killed with SIGKILL inside their transaction (\(points.count) stopped at a marker: \(points.joined(separator: ", ")); \(inside) of \(batches.count) running, between index batches of 100); each died by the signal, left the sample only and indexed, and ran again")
    }

    /// One run of a command: when it started and ended, and how.
    struct TimedRun: Sendable {
        var role: String
        var start: Double
        var end: Double
        var code: Int32
        var stderr: String
    }

    static func now() -> Double { Date().timeIntervalSinceReferenceDate }

    /// Runs `count` commands one after another on a thread of its own, recording each.
    static func worker(_ role: String, _ count: Int, into runs: Locked<[TimedRun]>, group: DispatchGroup,
                       _ arguments: @escaping @Sendable (Int) -> [String]) {
        group.enter()
        let thread = Thread {
            for index in 0..<count {
                let start = now()
                let result = (try? runParley(arguments(index))) ?? (code: -1, stdout: "", stderr: "did not start")
                runs.mutate { $0.append(TimedRun(role: role, start: start, end: now(), code: result.code, stderr: result.stderr)) }
            }
            group.leave()
        }
        thread.start()
    }

    /// The most runs under way at one moment.
    static func mostAtOnce(_ runs: [TimedRun]) -> Int {
        var events: [(time: Double, change: Int)] = []
        for run in runs { events += [(run.start, 1), (run.end, -1)] }
        events.sort { $0.time < $1.time || ($0.time == $1.time && $0.change < $1.change) }
        var current = 0, most = 0
        for (_, change) in events {
            current += change
            most = max(most, current)
        }
        return most
    }

    @Test("4 writers and 2 readers at once: writers wait for a held lock, readers do not, nothing is lost")
    func concurrentUse() throws {
        let directory = try newDirectory("concurrent")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/shared.sqlite"
        #expect(try runParley(["demo", "--db", path]).code == 0)
        let add: @Sendable (String) -> @Sendable (Int) -> [String] = { who in
            { ["add", "--db", path, "--speaker", "putin", "--quote", "\(who) statement \($0).", "--stance", "ceasefire=unclear"] }
        }
        let read: @Sendable (Int) -> [String] = {
            $0 % 2 == 0 ? ["search", "statement", "--db", path, "--limit", "5"] : ["timeline", "--format", "csv", "--db", path]
        }

        // 1. This test holds the write lock. The readers must finish under it: each has the
        // CLI's busy timeout (10 s), so a reader that waited for the lock would fail with
        // "busy" rather than pass late; the lock is released only after they are done, however
        // slow a loaded machine makes them (a timing bound here failed under a loaded CI run).
        // Then the writers must wait for it (and not fail).
        let holder = try Database(path: path)
        try holder.execute("BEGIN IMMEDIATE")
        let locked = Locked<[TimedRun]>([])
        let writers = DispatchGroup(), readers = DispatchGroup()
        for reader in 0..<2 { Self.worker("reader \(reader)", 3, into: locked, group: readers, read) }
        let readersDone = readers.wait(timeout: .now() + 120) == .success
        for writer in 0..<4 { Self.worker("writer", 1, into: locked, group: writers, add("Held \(writer)")) }
        usleep(1_500_000)  // the writers are waiting by now
        let released = Self.now()
        try holder.execute("COMMIT")
        writers.wait()
        #expect(readersDone, "the readers did not finish in 2 minutes under a held write lock")
        let heldRuns = locked.value
        #expect(heldRuns.filter { $0.role != "writer" }.count == 6)
        for run in heldRuns {
            #expect(run.code == 0, "\(run.role): \(run.stderr)")
            if run.role == "writer" {
                #expect(run.end > released, "a writer finished while the lock was held")
                #expect(released - run.start > 0.5, "a writer started \(released - run.start) s before the lock was released")
            } else {
                // Released only after the readers ended, so a reader that waited for the lock
                // waited its whole busy timeout (10 s) and failed; each took less.
                #expect(run.end < released && run.end - run.start < 10, "a reader waited for the lock: \(run.end - run.start) s")
                #expect(!run.stderr.contains("busy"), "\(run.role): \(run.stderr)")
            }
        }

        // 2. Then all at once, on threads of their own; they must overlap.
        let free = Locked<[TimedRun]>([])
        let everyone = DispatchGroup()
        let perWriter = 15
        for writer in 0..<4 { Self.worker("writer", perWriter, into: free, group: everyone, add("Writer \(writer)")) }
        for reader in 0..<2 { Self.worker("reader \(reader)", perWriter, into: free, group: everyone, read) }
        everyone.wait()
        let runs = free.value
        let failures = runs.filter { $0.code != 0 }
        #expect(failures.isEmpty, "\(failures.prefix(3).map { "\($0.role): \($0.stderr)" })")
        let most = Self.mostAtOnce(runs)
        #expect(most >= 3, "at most \(most) commands ran at once")
        let readerRuns = runs.filter { $0.role != "writer" }, writerRuns = runs.filter { $0.role == "writer" }
        let readsDuringWrites = readerRuns.filter { reading in writerRuns.contains { $0.start < reading.end && reading.start < $0.end } }.count
        #expect(readsDuringWrites > 0, "no read overlapped a write")
        #expect(try ParleyDatabase.open(path: path, access: .read).statements.count(StatementFilter(speakers: ["putin"])) == 4 + 4 * perWriter + 1)
        try expectHealthy(path)
        reportFigure("concurrency: 4 writers waited \(String(format: "%.1f", heldRuns.filter { $0.role == "writer" }.map { $0.end - $0.start }.min() ?? 0)) s or more for a held write lock while 2 readers ran 6 commands under it; then 4 processes wrote \(4 * perWriter) statements while 2 ran \(readerRuns.count) searches and timelines, up to \(most) at once, \(readsDuringWrites) reads during a write; \(failures.count) failures")
    }

    @Test("a database of schema version 1 is upgraded with every row intact and a backup beside it")
    func upgrade() throws {
        let directory = try newDirectory("upgrade")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/old.sqlite"
        try FileManager.default.copyItem(atPath: schema1Fixture, toPath: path)
        let status = try runParley(["db", "status", "--db", path])
        #expect(status.code == 0)
        #expect(status.stderr.contains("upgraded \(path) from schema version 1 to \(try ParleyDatabase.migrator().latestVersion)"))
        let backups = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("old.sqlite.v1-") && $0.hasSuffix(".bak") }
        #expect(backups.count == 1)
        let backup = try Database(path: directory + "/" + (try #require(backups.first, "no backup beside \(path)")), mode: .readOnly)
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

    @Test("a database of every earlier schema is upgraded: every row intact, the stored copies what they copy", arguments: [2, 3, 4, 5, 6, 7])
    func upgradeFromPrevious(version: Int) throws {
        let directory = try newDirectory("upgrade-previous-\(version)")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/previous.sqlite"
        try FileManager.default.copyItem(atPath: schema1Fixture, toPath: path)
        do {
            let db = try Database(path: path)
            let outcome = try ParleyDatabase.migrator().migrate(db, upTo: version, backup: false)
            #expect(outcome.toVersion == version)
        }
        let status = try runParley(["db", "status", "--db", path])
        #expect(status.code == 0, "\(status.stderr)")
        #expect(status.stderr.contains("upgraded \(path) from schema version \(version) to \(try ParleyDatabase.migrator().latestVersion)"))
        let fresh = directory + "/fresh.sqlite"
        #expect(try runParley(["demo", "--db", fresh]).code == 0)
        let upgraded = try runParley(["export", "--format", "json", "--db", path]).stdout
        #expect(upgraded == (try runParley(["export", "--format", "json", "--db", fresh]).stdout))
        let db = try Database(path: path, mode: .readOnly)
        #expect(try db.scalar("SELECT count(*) FROM statement WHERE reported_on IS NOT NULL") == 10)
        #expect(try db.scalar("SELECT count(*) FROM stance WHERE speaker_id IS NOT NULL") == 12)
        // The timeline and the stance matrix read the same from the upgraded file as from a new one.
        for command in ["timeline", "stances"] {
            #expect(try runParley([command, "--db", path]).stdout == (try runParley([command, "--db", fresh]).stdout), "\(command)")
        }
        // db check compares the stored first-report dates and stance copies with what they copy.
        try expectHealthy(path)
    }

    @Test("an upgrade whose backup cannot be written stops before changing anything, and leaves no partial copy")
    func upgradeBackupFails() throws {
        let directory = try newDirectory("upgrade-nobackup")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/old.sqlite"
        try FileManager.default.copyItem(atPath: schema1Fixture, toPath: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // A file-size limit of 32 KB (the file is 200 KB) makes every write of the copy fail with
        // EFBIG, as a full disk would; SIGXFSZ is ignored so that the write fails instead of
        // killing the process.
        let result = try runProcess(URL(fileURLWithPath: "/bin/sh"),
                                    ["-c", "trap '' XFSZ; ulimit -f 64; exec \"$0\" db status --db \"$1\"", try BinaryTests.binary().path, path])
        #expect(result.code == 1, "\(result.stderr)")
        #expect(result.stderr.contains("could not write the backup") && result.stderr.contains("so nothing was changed"), "\(result.stderr)")
        // Every page as before; of the 100-byte file header only what opening the file for use
        // writes changed: the format bytes (18, 19: WAL journaling), the change counter and
        // the version it is valid for. The schema is still version 1.
        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(after.count == before.count && after.dropFirst(100) == before.dropFirst(100), "the old file changed")
        let changedHeader = (0..<100).filter { after[$0] != before[$0] }
        #expect(Set(changedHeader).isSubset(of: [18, 19, 24, 25, 26, 27, 92, 93, 94, 95]), "\(changedHeader)")
        #expect(after[60..<64] == before[60..<64], "the schema version (user_version) changed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["old.sqlite"])
    }

    @Test("a read-only file of an older schema is not upgraded: a message, the file untouched")
    func upgradeReadOnly() throws {
        let directory = try newDirectory("upgrade-readonly")
        defer {
            _ = try? runProcess(URL(fileURLWithPath: "/usr/bin/chattr"), ["-i", directory + "/old.sqlite"])
            try? FileManager.default.removeItem(atPath: directory)
        }
        let path = directory + "/old.sqlite"
        try FileManager.default.copyItem(atPath: schema1Fixture, toPath: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // Permissions do not stop root (the tests run as root in CI); the immutable attribute does.
        let immutable = try runProcess(URL(fileURLWithPath: "/usr/bin/chattr"), ["+i", path])
        try #require(immutable.code == 0, "chattr +i failed (\(immutable.stderr)): the file system must support attributes")
        for arguments in [["db", "status"], ["statement", "list"], ["actor", "add", "Someone"]] {
            let result = try runParley(arguments + ["--db", path])
            #expect(result.code == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("needs an upgrade from schema version 1 to \(try ParleyDatabase.migrator().latestVersion), but it is read-only; nothing was changed"),
                    "\(arguments): \(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["old.sqlite"])
    }

    @Test("four processes opening one schema-1 file at once all succeed, every row intact, each backup the version it is named")
    func concurrentUpgrade() throws {
        let directory = try newDirectory("upgrade-race")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/old.sqlite"
        try FileManager.default.copyItem(atPath: schema1Fixture, toPath: path)
        // All four are started before any is waited for, so they open the old file together.
        let processes = try (1...4).map { index -> Process in
            let process = Process()
            process.executableURL = try BinaryTests.binary()
            process.arguments = ["actor", "add", "Racer \(index)", "--db", path]
            process.standardOutput = FileHandle.nullDevice
            let errors = directory + "/err\(index)"
            #expect(FileManager.default.createFile(atPath: errors, contents: nil))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        let errors = try (1...4).map { try String(contentsOfFile: directory + "/err\($0)", encoding: .utf8) }
        #expect(processes.map(\.terminationStatus) == [0, 0, 0, 0], "\(errors)")
        let db = try Database(path: path, mode: .readOnly)
        #expect(try db.userVersion() == (try ParleyDatabase.migrator().latestVersion))
        #expect(try db.scalar("SELECT count(*) FROM statement") == 10)
        #expect(try db.scalar("SELECT count(*) FROM actor WHERE name LIKE 'Racer %'") == 4)
        // One backup holds the file as it was (version 1). A process that opened it while another
        // was part way through the upgrade backed up the version it found, named as such; every
        // backup is a whole copy of the version its name gives, never of a later one.
        let backups = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".bak") }
        #expect(backups.contains { $0.hasPrefix("old.sqlite.v1-") }, "\(backups)")
        #expect(try !FileManager.default.contentsOfDirectory(atPath: directory).contains { $0.hasSuffix(".partial") })
        for name in backups {
            let named = try #require(Int(name.dropFirst("old.sqlite.v".count).prefix { $0.isNumber }), "\(name)")
            let backup = try Database(path: directory + "/" + name, mode: .readOnly)
            #expect(try backup.userVersion() == named, "\(name)")
            #expect(try backup.scalar("SELECT count(*) FROM statement") == 10, "\(name)")
        }
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
        // The writer is stopped with its whole import written, just before its COMMIT, holding
        // the write lock for all of the backup.
        var writer = try FaultedParley(["import", corpus, "--db", path], stop: "commit")
        let reached = writer.waitFor("commit")
        #expect(reached)
        let result = try runParley(["db", "backup", directory + "/copy.sqlite", "--db", path])
        #expect(writer.process.isRunning, "the backup ran while the writer was inside its transaction")
        let written = writer.resume()
        #expect(written.code == 0, "the writer: \(written.stderr)")
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("integrity ok"))
        try expectHealthy(directory + "/copy.sqlite")
        #expect(try Self.counts(directory + "/copy.sqlite") == Counts(statements: 10, indexed: 10), "the copy is the moment before the import")
        #expect(try Self.counts(path) == Counts(statements: 1510, indexed: 1510), "the writer's import, whole")
        let after = try runParley(["db", "backup", directory + "/after.sqlite", "--db", path])
        #expect(after.code == 0, "\(after.stderr)")
        #expect(try Self.counts(directory + "/after.sqlite") == Counts(statements: 1510, indexed: 1510))
        let again = try runParley(["db", "backup", directory + "/copy.sqlite", "--db", path])
        #expect(again.code == 1)
        #expect(again.stderr.contains("already exists"))
    }
}

/// A value several threads change.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: Value
    init(_ value: Value) { storage = value }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&storage) } }
    var value: Value { lock.withLock { storage } }
}
