import ParleyCore

/// Prints a listing in the chosen format.
func emit(_ listing: Listing, _ format: OutputFormat) throws {
    let console = Console.current
    console.writeOut(try listing.render(format, width: console.tableWidth))
}

/// Prints one record: a labelled block for `table`, the listing's single row otherwise.
func emitDetail(_ block: String, _ listing: Listing, _ format: OutputFormat) throws {
    let console = Console.current
    switch format {
    case .table: console.writeOut(block)
    case .json: console.out(listing.objects.first?.serialized() ?? "null")
    case .jsonl, .csv: console.writeOut(try listing.render(format, width: nil))
    }
}

/// Reports a new record: its id on stdout (for scripts), a sentence on stderr (for people).
func reportAdded(_ kind: String, id: Int64, label: String, object: JSONValue, format: OutputFormat) {
    let console = Console.current
    console.err("added \(kind) \(id): \(label)")
    switch format {
    case .table, .csv: console.out(String(id))
    case .json: console.out(object.serialized())
    case .jsonl: console.out(object.serialized(indent: nil))
    }
}
