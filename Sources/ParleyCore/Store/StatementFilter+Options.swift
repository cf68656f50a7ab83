/// The statement filters by the names a front end gives them: the command line's options
/// without `--` (`--speaker putin`) are the web's query parameters (`?speaker=putin`). Both
/// front ends turn what the user typed into a `StatementFilter` here, so a word that is not a
/// stance or a date that is not a date gets the same message everywhere.
extension StatementFilter {
    /// The name of each filter, as the command line spells its option and the web its parameter.
    public enum Option: String, CaseIterable, Sendable {
        case speaker
        case onBehalfOf = "on-behalf-of"
        case topic, stance, from, to, medium, outlet, source, about, kind, cameo
        case importRun = "import"
        case includeRetracted = "include-retracted"
    }

    /// A filter from the values given for each option (a missing option is no condition).
    ///
    /// `include-retracted` is on when it is given with no value or with `yes`, `true`, `on` or `1`.
    /// - Parameter fieldPrefix: how an error names an option: `--` on the command line
    ///   (`--stance`), `--where-` for a bulk edit's selection, `""` for a query parameter.
    /// - Throws: `ParleyError.invalidInput` for a stance or kind word that is not one, a date
    ///   that is not a date, or an import run that is not a number.
    public init(options values: [Option: [String]], fieldPrefix: String = "--") throws {
        func all(_ option: Option) -> [String] { values[option] ?? [] }
        func field(_ option: Option) -> String { fieldPrefix + option.rawValue }
        func date(_ option: Option) throws -> PartialDate? {
            guard let text = all(option).last(where: { !$0.trimmingWhitespace().isEmpty }) else { return nil }
            return try PartialDate.parseOptional(text, field: field(option))
        }
        let runs = try all(.importRun).map { text -> Int64 in
            guard let run = Int64(text.trimmingWhitespace()) else {
                throw ParleyError.invalid("'\(text)' is not an import run's number; `parley import list` numbers them", field: field(.importRun))
            }
            return run
        }
        let retracted = all(.includeRetracted).contains { ["", "yes", "true", "on", "1"].contains($0.trimmingWhitespace().lowercased()) }
        self.init(
            speakers: all(.speaker), onBehalfOf: all(.onBehalfOf), topics: all(.topic),
            stances: try all(.stance).map { try Stance.parse($0, field: field(.stance)) },
            from: try date(.from), to: try date(.to),
            mediums: all(.medium), outlets: all(.outlet), sources: all(.source), about: all(.about),
            kinds: try all(.kind).map { try StatementKind.parse($0, field: field(.kind)) },
            cameoPrefixes: all(.cameo), importRuns: runs, includeRetracted: retracted)
    }
}
