import Foundation
import Testing
@testable import ParleyCore

/// What the command line and the web app share: filters read by option name, pages of a
/// listing, and the documents each writes.
@Suite("front-end documents")
struct FrontEndDocumentsTests {
    func sample() throws -> ParleyDatabase {
        let parley = try ParleyDatabase.inMemory()
        try Importer(parley).run(try SampleData.document(), origin: "sample")
        return parley
    }

    @Test("a filter read by option name is the filter built by hand")
    func filterByName() throws {
        let filter = try StatementFilter(options: [
            .speaker: ["putin", "zelensky"], .topic: ["ceasefire"], .stance: ["Supports"], .from: ["2025-05"], .to: ["2025-05-31"],
            .medium: ["phone call"], .outlet: ["AFP"], .kind: ["quote"], .cameo: ["03"], .importRun: ["2"], .includeRetracted: [""],
        ])
        #expect(filter == StatementFilter(speakers: ["putin", "zelensky"], topics: ["ceasefire"], stances: [.supports],
                                          from: try PartialDate(parsing: "2025-05"), to: try PartialDate(parsing: "2025-05-31"),
                                          mediums: ["phone call"], outlets: ["AFP"], kinds: [.quote], cameoPrefixes: ["03"],
                                          importRuns: [2], includeRetracted: true))
        #expect(try StatementFilter(options: [.includeRetracted: ["no"]]) == StatementFilter())
        #expect(try StatementFilter(options: [:]) == StatementFilter())
    }

    @Test("a bad value names the option as the front end spells it", arguments: [("--", "--stance"), ("--where-", "--where-stance"), ("", "stance")])
    func errorsNameTheOption(prefix: String, field: String) {
        #expect {
            try StatementFilter(options: [.stance: ["maybe"]], fieldPrefix: prefix)
        } throws: { error in
            "\(error)".hasPrefix("\(field): unknown stance 'maybe'")
        }
        #expect(throws: ParleyError.self) { try StatementFilter(options: [.from: ["2025-13"]], fieldPrefix: prefix) }
        #expect(throws: ParleyError.self) { try StatementFilter(options: [.importRun: ["three"]], fieldPrefix: prefix) }
    }

    @Test("pages of a listing, one after another, are the whole listing in timeline order")
    func pages() throws {
        let parley = try sample()
        let all = try parley.statements.list()
        #expect(all.count >= 10)
        var paged: [Statement] = []
        var offset = 0
        while true {
            let page = try parley.statements.page(offset: offset, limit: 3)
            paged += page
            offset += 3
            if page.count < 3 { break }
        }
        #expect(paged == all)
        let filter = StatementFilter(speakers: ["zelensky"])
        #expect(try parley.statements.page(filter, offset: 0, limit: 100) == (try parley.statements.list(filter)))
        #expect(try parley.statements.page(offset: all.count, limit: 5).isEmpty)
    }

    @Test("--as-of ends the period, and refuses a --to beside it")
    func asOf() throws {
        let filter = try FrontEndDocuments.stancesFilter(StatementFilter(), asOf: "2025-05-19")
        #expect(filter.to == (try PartialDate(parsing: "2025-05-19")))
        #expect(try FrontEndDocuments.stancesFilter(StatementFilter(), asOf: nil) == StatementFilter())
        #expect {
            try FrontEndDocuments.stancesFilter(StatementFilter(to: try PartialDate(parsing: "2025")), asOf: "2025-05")
        } throws: { error in
            "\(error)".contains("--as-of and --to both end the period")
        }
    }

    @Test("the report's HTML page is its body in the report's page; the style sheet is the report's")
    func reportBody() throws {
        let report = try Report(parley: try sample(), filter: StatementFilter(topics: ["ceasefire"]))
        let page = try report.html()
        let body = try report.htmlBody()
        #expect(page.contains(body))
        #expect(page.contains(HTML.styleSheet))
        #expect(!body.contains("<style"))
        #expect(body.contains(try report.chartHTML()))
    }
}
