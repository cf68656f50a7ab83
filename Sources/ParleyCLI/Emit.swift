import ParleyCore

/// Prints a listing in the chosen format.
func emit(_ listing: Listing, _ format: OutputFormat) throws {
    let console = Console.current
    console.writeOut(try listing.render(format, width: console.tableWidth))
}

/// Prints one record: a labelled block for `table`, the listing's single row otherwise.
func emitDetail(_ block: String, _ listing: Listing, _ format: OutputFormat) throws {
    Console.current.writeOut(try listing.renderDetail(block, format))
}

/// Reports a new record: its id on stdout (for scripts), a sentence on stderr (for people).
func reportAdded(_ kind: String, id: Int64, label: String, object: JSONValue, format: OutputFormat) {
    let console = Console.current
    console.err("added \(kind) \(id): \(label)")
    console.writeOut(Listing.renderAdded(id: id, object: object, format))
}
