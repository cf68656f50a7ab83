import Foundation
import ParleyCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The streaming claims of the README ("memory does not grow with the database"), measured:
/// the peak resident memory of the `parley` process at two sizes, four times apart, as a ratio
/// (an absolute figure depends on the build and the machine; a ratio near 1 does not). Both sizes
/// are larger than SQLite's page cache (8 MB, about 8,000 statements), which a smaller file never
/// fills: below it, memory grows with the file until the cache is full, by design.
@Suite("Memory bounds", .serialized)
struct MemoryBoundTests {
    /// Runs the binary with `arguments`, output discarded, and returns its exit status and peak
    /// resident memory in kilobytes: the kernel's high-water mark of the process's own memory
    /// (`VmHWM` in /proc/PID/status), read every 2 ms until it exits. (`wait4`'s `ru_maxrss` would
    /// carry this test process's size into the child, which starts as a copy of it.) VmHWM only
    /// grows, so the last reading is the peak but for the process's last 2 ms.
    static func peak(_ arguments: [String]) throws -> (status: Int32, kilobytes: Int) {
        let binary = try BinaryTests.binary().path
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { throw POSIXError(.ENOEXEC) }
        var peak = 0
        var status: Int32 = 0
        while true {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peak = max(peak, kilobytes)
            }
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            guard done == 0 else { throw POSIXError(.ECHILD) }
            usleep(2_000)
        }
        return ((status >> 8) & 0xFF, peak)
    }

    @Test("timeline, export, statement list and stances read as they write: peak memory at 40,000 statements within 1.25× of 10,000")
    func streamingMemory() throws {
        let directory = try newDirectory("memory")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var databases: [Int: String] = [:]
        for size in [10_000, 40_000] {
            let corpus = directory + "/corpus-\(size).jsonl", path = directory + "/db-\(size).sqlite"
            #expect(try runParley(["generate-corpus", "--statements", String(size), "--actors", "80", "--topics", "12", "--output", corpus]).code == 0)
            #expect(try runParley(["import", corpus, "--db", path]).code == 0)
            databases[size] = path
        }
        for command in [["timeline", "--format", "csv"], ["export", "--format", "jsonl"], ["statement", "list", "--format", "csv"], ["stances", "--format", "csv"]] {
            let small = try Self.peak(command + ["--db", try #require(databases[10_000])])
            let large = try Self.peak(command + ["--db", try #require(databases[40_000])])
            #expect(small.status == 0 && large.status == 0, "\(command)")
            let ratio = Double(large.kilobytes) / Double(max(1, small.kilobytes))
            #expect(ratio <= 1.25, "\(command): \(small.kilobytes) KB at 10,000, \(large.kilobytes) KB at 40,000 (\(ratio)×)")
            reportFigure("memory: \(command.joined(separator: " ")): \(small.kilobytes) KB at 10,000 statements, \(large.kilobytes) KB at 40,000 (\(String(format: "%.2f", ratio))×)")
        }
    }
}

/// What a user sees on a terminal while a long import runs, through a real pseudo-terminal
/// (`script`, from util-linux, which every Debian system has).
@Suite("Import progress on a terminal")
struct TerminalProgressTests {
    @Test("on a terminal an import shows the part of the file read, the rate and the time left, then the time it took; piped, nothing")
    func progressOnTerminal() throws {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.isExecutableFile(atPath: script.path), "util-linux's script is needed for a pseudo-terminal")
        let directory = try newDirectory("progress")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let corpus = directory + "/feed.jsonl"
        #expect(try runParley(["generate-corpus", "--statements", "8000", "--actors", "60", "--topics", "12", "--output", corpus]).code == 0)
        let binary = try BinaryTests.binary().path
        let command = "\(TextKeys.shellQuoted(binary)) import \(TextKeys.shellQuoted(corpus)) --db \(TextKeys.shellQuoted(directory + "/t.sqlite"))"
        let terminal = try runProcess(script, ["-qec", command, "/dev/null"])
        #expect(terminal.code == 0, "\(terminal.stderr)")
        let lines = terminal.stdout.components(separatedBy: "\r").map { $0.replacingOccurrences(of: "\u{1B}[K", with: "") }
        let progress = lines.filter { $0.hasPrefix("importing \(corpus): ") }
        #expect(progress.count >= 4, "\(lines.prefix(10))")
        #expect(progress.contains { $0.range(of: #"^importing .*: \d+% \([0-9,]+ statements, [0-9,]+/s"#, options: .regularExpression) != nil }, "\(progress)")
        #expect(progress.contains { $0.contains("left)") }, "\(progress)")
        #expect(terminal.stdout.contains("took "), "\(terminal.stdout.suffix(300))")
        // Piped (not a terminal), the same import prints no progress and no time.
        let piped = try runParley(["import", corpus, "--db", directory + "/p.sqlite"])
        #expect(piped.code == 0 && !piped.stderr.contains("importing") && !piped.stderr.contains("took"), "\(piped.stderr)")
    }
}
