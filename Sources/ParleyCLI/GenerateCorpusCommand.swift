import ArgumentParser
import ParleyCore

struct GenerateCorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-corpus",
        abstract: "Write a deterministic generated corpus (for benchmarks and scale tests).",
        shouldDisplay: false)

    @Option(help: "How many statements.") var statements: Int = 10_000
    @Option(help: "The random seed: the same seed gives the same corpus.") var seed: UInt64 = 42
    @Option(help: "How many actors.") var actors: Int = 500
    @Option(help: "How many topics.") var topics: Int = 60
    @Option(help: "yaml, json, jsonl or csv.") var format: InterchangeFormat = .jsonl
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    func run() throws {
        let generator = CorpusGenerator(seed: seed, statements: statements, actors: actors, topics: topics)
        try writeOutput(to: output, protecting: nil) { write in
            switch format {
            case .json: try write(InterchangeWriter.json(generator.document()))
            case .yaml: try write(try InterchangeWriter.yaml(generator.document()))
            case .jsonl, .csv:
                var sources: [String: SourceRecord] = [:]
                if format == .csv { try write(try StatementCSV.header()) }
                var batch: [StatementRecord] = []
                func flush() throws {
                    try write(format == .csv ? try StatementCSV.rows(batch) : batch.map(InterchangeWriter.jsonLine).joined())
                    batch.removeAll(keepingCapacity: true)
                }
                try generator.generate(header: { document in
                    for source in document.sources ?? [] { sources[source.reference] = source }
                }, statement: { record in
                    var record = record
                    // Each line or row carries its sources whole, as export writes them.
                    record.sources = record.sources?.map { reference in
                        if case .reference(let key) = reference, let source = sources[key] { return .record(source) }
                        return reference
                    }
                    batch.append(record)
                    if batch.count == 1000 { try flush() }
                })
                if !batch.isEmpty { try flush() }
            }
        }
        if let output { Console.current.err("wrote a corpus of \(statements) statement(s) to \(output)") }
    }
}
