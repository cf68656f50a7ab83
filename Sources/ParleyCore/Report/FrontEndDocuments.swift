/// The documents a front end hands out, each one call: `parley statement list`, `timeline`,
/// `stances` and `shifts` write them to standard output, `parley serve` as its pages' downloads
/// and its JSON API. Whatever decides how a document is read and written is here, not in a
/// front end.
public enum FrontEndDocuments {
    /// `statement list`: the statements a filter selects, streamed in any listing format.
    public static func statementList(_ parley: ParleyDatabase, filter: StatementFilter, format: OutputFormat, width: Int?,
                                     write: @escaping (String) -> Void) throws {
        var stream = ListingStream(columns: Presentation.statementColumns, format: format, width: width, write: write)
        if format.writesObjects {
            // JSON shows everything a statement has.
            try parley.statements.forEach(filter, relations: .all) { statement in
                try stream.append(cells: Presentation.statementCells(statement), object: Presentation.json(statement))
            }
        } else {
            // A table or CSV shows six columns: read as timeline lines, one query and no
            // `Statement` values (the same cells, as `Presentation.statementCells` shows).
            try parley.statements.forEachTimelineLine(filter, outlets: false) { line in
                try stream.append(cells: Presentation.statementCells(line), object: .null)
            }
        }
        try stream.finish()
    }

    /// `timeline`: the statements a filter selects, in timeline order, in any timeline format
    /// (a CSV is read as timeline lines, which is faster). Returns how many were written.
    @discardableResult
    public static func timeline(_ parley: ParleyDatabase, filter: StatementFilter, format: TimelineFormat, title: String,
                                width: Int = 80, write: @escaping (String) throws -> Void) throws -> Int {
        let writer = TimelineWriter(format: format, title: title, width: width, write: write)
        try writer.begin()
        if format == .csv {
            try parley.statements.forEachTimelineLine(filter) { try writer.add($0) }
        } else {
            try parley.statements.forEach(filter, relations: .timeline) { try writer.add($0) }
        }
        try writer.finish()
        return writer.written
    }

    /// The title a timeline of `filter` gets: `Timeline: ` and the report's title for it.
    public static func timelineTitle(_ parley: ParleyDatabase, filter: StatementFilter, title: String? = nil) throws -> String {
        "Timeline: " + (try title ?? Report.title(for: filter, parley: parley))
    }

    /// `stances --as-of DATE`: the filter whose period ends on that day.
    /// - Throws: `ParleyError.invalidInput` when the filter already ends (`to`) or the date is
    ///   not a date.
    public static func stancesFilter(_ filter: StatementFilter, asOf: String?, fieldPrefix: String = "--") throws -> StatementFilter {
        guard let asOf, !asOf.trimmingWhitespace().isEmpty else { return filter }
        if filter.to != nil {
            throw ParleyError.invalid("\(fieldPrefix)as-of and \(fieldPrefix)to both end the period; give one of them", field: fieldPrefix + "as-of")
        }
        var narrowed = filter
        narrowed.to = try PartialDate.parseOptional(asOf, field: fieldPrefix + "as-of")
        return narrowed
    }

    /// `stances`: each speaker's latest stance per topic, in a matrix format.
    public static func stances(_ matrix: StanceMatrix, format: MatrixFormat, width: Int?) throws -> String {
        try format.render(matrix.listing(), markdown: matrix.markdown(), width: width)
    }

    /// `shifts`: every change of stance, in a matrix format.
    public static func shifts(_ shifts: [StanceShift], format: MatrixFormat, width: Int?) throws -> String {
        try format.render(ShiftFinder.listing(shifts), markdown: ShiftFinder.markdown(shifts), width: width)
    }

    /// `shifts`: every change of stance among the statements `filter` selects, in a matrix
    /// format, written a piece at a time (the statements of each shift are read as it is
    /// written, so memory does not grow with their words). A table of no shifts is the
    /// sentence that says so, not a header alone. Returns how many were written.
    @discardableResult
    public static func shifts(_ parley: ParleyDatabase, filter: StatementFilter, includeUnclear: Bool = false, format: MatrixFormat,
                              width: Int?, write: @escaping (String) -> Void) throws -> Int {
        let list = try ShiftFinder.locate(parley: parley, filter: filter, includeUnclear: includeUnclear)
        if list.isEmpty && format == .listing(.table) {
            write(ShiftFinder.noShifts + "\n")
            return 0
        }
        try ShiftFinder.write(list, from: parley, format: format, width: width, to: write)
        return list.count
    }

    /// `search`: the results in any listing format, streamed. Returns how many were found.
    @discardableResult
    public static func search(_ parley: ParleyDatabase, query: String, filter: StatementFilter, raw: Bool = false, limit: Int? = nil,
                              format: OutputFormat, width: Int, bold: Bool, write: (String) throws -> Void) throws -> Int {
        var writer = SearchWriter(format: format, width: width, bold: bold)
        try parley.statements.search(query, filter: filter, raw: raw, limit: limit, relations: SearchText.relations(for: format)) { hit in
            try write(try writer.entry(hit))
        }
        try write(try writer.end())
        return writer.count
    }
}

extension HTML {
    /// The report's style sheet, for a front end that serves it as a file of its own (a page
    /// whose Content-Security-Policy allows no inline style links to it).
    public static var styleSheet: String { css }

    /// Stance badges, coloured by the style sheet.
    public static func stanceBadges(_ stances: [TopicStance]) -> String { badges(stances) }

    /// One timeline entry as the HTML timeline and the report show it.
    public static func timelineEntry(_ statement: Statement) -> String { TimelineWriter.htmlEntry(statement) }

    /// A whole HTML timeline's entries, each group under an `<h2>` of its period, without the page
    /// around them.
    public static func timelineEntries(_ statements: [Statement]) throws -> String {
        var out = ""
        let writer = TimelineWriter(format: .html, title: "") { out += $0 }
        for statement in statements { try writer.add(statement) }
        return out
    }
}

extension Report {
    /// The chart of the report: a lane per speaker along a time axis (inline SVG).
    public func chartHTML() throws -> String { try chart() }
}
