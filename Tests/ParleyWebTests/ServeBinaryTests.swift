import Foundation
import ParleyCore
import Testing

/// `parley serve` as a user starts it: the built binary, `--port 0`, the URL it prints, and a
/// clean stop on SIGINT and SIGTERM.
@Suite("the parley serve process", .serialized)
struct ServeBinaryTests {
    static func binary() throws -> URL {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("parley"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("parley"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw TestServer.Failure(description: "the parley executable was not built; looked at \(candidates.map(\.path))")
        }
        return found
    }

    /// Starts `parley serve`, reads the URL it prints, runs `body`, then sends `signal` and
    /// returns the exit status and what it printed.
    func serve(_ arguments: [String], signal: Int32, _ body: (TestServer) async throws -> Void) async throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["serve", "--port", "0"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var printed = ""
        let deadline = Date().addingTimeInterval(30)
        while !printed.contains("\n"), Date() < deadline, process.isRunning {
            printed += String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        }
        guard let match = printed.firstMatch(of: /at http:\/\/127\.0\.0\.1:(\d+)\//), let port = Int(match.output.1) else {
            process.terminate()
            throw TestServer.Failure(description: "no URL printed: \(printed)")
        }
        do {
            try await body(TestServer(port: port, databasePath: ""))
        } catch {
            process.terminate()
            throw error
        }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        printed += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, printed, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    @Test("prints the URL with the port it got, serves, and stops cleanly on SIGINT and SIGTERM", arguments: [SIGINT, SIGTERM])
    func startAndStop(signal: Int32) async throws {
        let path = try TestServer.database()
        let run = try await serve(["--db", path], signal: signal) { server in
            let page = try await server.request("GET", "/statements")
            #expect(page.status == 200)
        }
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("Parley is serving \(path) at http://127.0.0.1:"))
        #expect(run.errors.contains("stopped"))
    }

    @Test("--read-only needs the file, and creates none")
    func readOnlyNeedsTheFile() throws {
        let path = NSTemporaryDirectory() + "parley-web-missing-\(UUID().uuidString).sqlite"
        let process = Process()
        process.executableURL = try Self.binary()
        process.arguments = ["serve", "--db", path, "--read-only", "--port", "0"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("error: no database at"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
