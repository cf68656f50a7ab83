import Foundation
import Testing

/// Runs of the built `parley` executable, for what only a real process shows: exit codes,
/// stderr, standard input, and a binary copied away from its build folder.
@Suite("The parley binary")
struct BinaryTests {
    /// The `parley` built next to this test bundle.
    static func binary() throws -> URL {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("parley"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("parley"),
            Bundle(for: Marker.self).bundleURL.deletingLastPathComponent().appendingPathComponent("parley"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw BinaryMissing(searched: candidates.map(\.path))
        }
        return found
    }

    final class Marker {}
    struct BinaryMissing: Error, CustomStringConvertible {
        let searched: [String]
        var description: String { "the parley executable was not built; looked at \(searched)" }
    }

    func run(_ executable: URL, _ arguments: [String], input: String? = nil, directory: String? = nil) throws -> (code: Int32, stdout: String, stderr: String) {
        try runProcess(executable, arguments, input: input, environment: ["XDG_DATA_HOME": directory ?? NSTemporaryDirectory()], directory: directory)
    }

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "parley-bin-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("a report puts its later sections aside in TMPDIR and leaves nothing there; a TMPDIR it cannot write to is a clear error")
    func reportSpool() throws {
        let parley = try Self.binary()
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/p.sqlite", spool = dir + "/tmp"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        #expect(try run(parley, ["demo", "--db", db]).code == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))

        let report = try runProcess(parley, ["report", "--db", db, "--topic", "ceasefire", "--format", "html"], environment: ["TMPDIR": spool])
        #expect(report.code == 0, "\(report.stderr)")
        #expect(report.stdout.contains("<h2>By speaker</h2>") && report.stdout.contains("<h2>Sources</h2>\n<ol>\n<li>"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool).isEmpty, "the spool is removed as soon as it is opened")

        let refused = try runProcess(parley, ["report", "--db", db, "--topic", "ceasefire"], environment: ["TMPDIR": dir + "/missing"])
        #expect(refused.code != 0)
        #expect(refused.stderr.hasPrefix("error: cannot make a temporary file in \(dir)/missing"), "\(refused.stderr)")
        #expect(refused.stderr.contains("set TMPDIR to a folder with room"))
        #expect(refused.stdout.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }

    @Test("exit codes and stderr of a real process")
    func exitCodes() throws {
        let parley = try Self.binary()
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/p.sqlite"

        let version = try run(parley, ["--version"])
        #expect(version.code == 0)
        #expect(version.stdout.first?.isNumber == true)

        #expect(try run(parley, ["demo", "--db", db]).code == 0)
        let badStance = try run(parley, ["add", "--db", db, "--speaker", "putin", "--quote", "x", "--stance", "ceasefire=perhaps"])
        #expect(badStance.code == 65)
        #expect(badStance.stderr.hasPrefix("error: --stance: unknown stance 'perhaps'"))
        #expect(badStance.stdout.isEmpty)

        let missing = try run(parley, ["statement", "list", "--db", dir + "/none.sqlite"])
        #expect(missing.code == 1)
        #expect(missing.stderr.hasPrefix("error: no database at"))

        let usage = try run(parley, ["add", "--db", db])
        #expect(usage.code == 64)

        let piped = try run(parley, ["add", "--db", db, "--speaker", "Zelensky", "--paraphrase", "-"], input: "Said Ukraine would not give up land.")
        #expect(piped.code == 0, "\(piped.stderr)")
        #expect(piped.stdout == "11\n")

        let status = try run(parley, ["db", "status", "--db", db])
        #expect(status.stdout.contains("statements         11"))
    }

    @Test("a copy of the binary, alone in another folder, still runs the demo")
    func copiedBinary() throws {
        let parley = try Self.binary()
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let copy = URL(fileURLWithPath: dir).appendingPathComponent("parley")
        try FileManager.default.copyItem(at: parley, to: copy)
        // A process another test spawns at the moment of the copy inherits its still-open write
        // descriptor until it execs (fork and exec are not atomic), and exec then fails with
        // ETXTBSY ("Text file busy"): the usual cure is to try again.
        var attempt = 0
        var outcome: (code: Int32, stdout: String, stderr: String)?
        while outcome == nil {
            do {
                outcome = try run(copy, ["demo", "--db", "kept.sqlite"], directory: dir)
            } catch let error as NSError where attempt < 20 && (error.userInfo[NSUnderlyingErrorKey] as? NSError)?.code == Int(ETXTBSY) {
                attempt += 1
                usleep(50_000)
            }
        }
        let result = try #require(outcome)
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Loaded into kept.sqlite"))
        #expect(result.stdout.components(separatedBy: "reported 2025-05-20 · ").count == 11)
        #expect(FileManager.default.fileExists(atPath: dir + "/kept.sqlite"))
    }
}
