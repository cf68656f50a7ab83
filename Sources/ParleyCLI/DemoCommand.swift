import ArgumentParser
import ParleyCore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load the built-in sample article and show its timeline and stance table.",
        discussion: """
            The sample is the ten quotations of one news article (China backs direct talks between \
            Ukraine and Russia; Trump, Putin, Zelenskyy and China's foreign ministry are quoted), \
            compiled into parley.

            Without --db it runs in a temporary database and leaves nothing behind. With --db the \
            sample is loaded into that file (loading it again changes nothing), to explore:

              parley demo --db sample.sqlite
              parley statement list --db sample.sqlite --topic ceasefire
            """)

    @Option(name: .long, help: ArgumentHelp("Keep the sample in this database file.", valueName: "path"))
    var db: String?

    func run() throws {
        let console = Console.current
        let parley: ParleyDatabase
        if let db {
            parley = try DatabaseOptions(db: db).open(.write)
        } else {
            parley = try ParleyDatabase.inMemory()
        }
        console.out(try Demo.run(in: parley, keptAt: db == nil ? nil : parley.path, width: console.textWidth))
    }
}

extension DatabaseOptions {
    init(db: String?) {
        self.init()
        self.db = db
        self.by = nil
    }
}
