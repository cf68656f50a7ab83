/// `parley demo`: the built-in sample, loaded and shown the way a new user should first see
/// Parley: a chronological listing and an actor × topic stance table.
public enum Demo {
    /// Loads the sample into `parley` (loading it again changes nothing) and renders the demo.
    /// - Parameters:
    ///   - keptAt: the path of a database the user keeps, or nil for a temporary one.
    ///   - width: the terminal width the text is wrapped to.
    public static func run(in parley: ParleyDatabase, keptAt: String?, width: Int = 80) throws -> String {
        let summary = try Importer(parley).run(SampleData.document(), origin: "built-in sample")
        let statements = try parley.statements.list()
        let speakers = Set(statements.map(\.speaker.id)).count
        let topics = Set(statements.flatMap { $0.stances.map(\.topic.id) }).count
        let source = try parley.sources.list().first

        var out = "Parley demo: the statements of one news article\n\n"
        if let source {
            out += "  “\(source.title ?? SampleData.title)”\n"
            out += "  \(source.label)" + (source.publishedOn.map { ", \($0.humanReadable)" } ?? "") + "\n\n"
        }
        out += "\(statements.count) statements by \(speakers) speakers, taking stances on \(topics) topics.\n"
        out += "None of the quotes carries its own date, so each is placed at the date it was reported.\n\n"
        out += try TimelineWriter.render(statements, format: .table, title: "", width: width)
        out += "STANCES (each speaker's latest stance per topic)\n\n"
        out += StanceMatrix(statements: statements).renderTable(width: width)
        out += "\n"
        if let keptAt {
            let loaded = summary.statements.created > 0 ? "Loaded into" : "Already in"
            out += "\(loaded) \(keptAt). Explore it:\n"
            out += "  parley statement list --db \(TextKeys.shellQuoted(keptAt)) --speaker zelensky\n"
            out += "  parley actor show \"Mao Ning\" --db \(TextKeys.shellQuoted(keptAt))\n"
        } else {
            out += "This ran in a temporary database. Keep one to explore: parley demo --db sample.sqlite\n"
        }
        return out
    }
}
