import ArgumentParser
import ParleyCore

/// The `parley` command: parses, calls the core, prints. No SQL here.
public struct ParleyCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Track what diplomatic actors say: who said what, when, where it was reported, and which position it takes.",
        discussion: """
            Everything lives in one SQLite file (see --db). Start with the built-in sample:

              parley demo
              parley demo --db sample.sqlite
              parley statement list --db sample.sqlite --speaker zelensky

            Exit codes: 0 success; 1 not found, conflict or database problem; 64 usage error; \
            65 invalid input data (a bad date, an unknown stance word).
            """,
        version: version,
        subcommands: [
            DemoCommand.self, AddCommand.self, StatementCommand.self, SearchCommand.self,
            TimelineCommand.self, StancesCommand.self, ShiftsCommand.self, ReportCommand.self,
            ActorCommand.self, TopicCommand.self, SourceCommand.self, ImportCommand.self,
            ExportCommand.self, ExtractCommand.self, ServeCommand.self, HistoryCommand.self, DBCommand.self, GenerateCorpusCommand.self,
            EvaluateExtractCommand.self,
        ])

    public init() {}

    /// Runs the command line and returns the exit code. Errors are printed to stderr as
    /// `error: …` with what to do.
    public static func run(arguments: [String]) -> Int32 {
        let console = Console.current
        let arguments = CommandLineHabits.movingGlobalOptions(arguments)
        if let unknown = CommandLineHabits.unknownSubcommand(arguments) {
            console.err("error: " + unknown)
            return ExitCode.validationFailure.rawValue
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch {
            if let reported = ParleyError.reported(error) {
                console.err("error: \(reported)")
                return reported.exitCode
            }
            let code = exitCode(for: error)
            var message = fullMessage(for: error, columns: console.width)
            if code == .success {
                if !message.isEmpty { console.out(message) }
                return 0
            }
            if message.hasPrefix("Error: ") { message = "error: " + message.dropFirst("Error: ".count) }
            if !message.isEmpty { console.err(message) }
            return code.rawValue
        }
    }
}
