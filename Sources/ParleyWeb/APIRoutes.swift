import Hummingbird
import ParleyCore

/// The JSON API: the command line's documents, with its filter names as query parameters.
/// Each route returns exactly what the matching command writes with `--format json`, through
/// the same core call.
///
/// | route | the same as |
/// |---|---|
/// | `/api/statements?…` | `parley statement list … --format json` |
/// | `/api/search?q=…&limit=&raw=` | `parley search Q … --format json` |
/// | `/api/timeline?…` | `parley timeline … --format json` |
/// | `/api/stances?…&as-of=` | `parley stances … --format json` |
/// | `/api/shifts?…&include-unclear=` | `parley shifts … --format json` |
/// | `/api/actors?q=` | the names and aliases that start with `q`, for autocomplete |
struct APIRoutes: Sendable {
    let state: ServerState

    func add(to router: Router<WebContext>) {
        router.get("/api/statements", on: state.work) { request, _ in
            api(request) { parley, query in
                var text = ""
                try FrontEndDocuments.statementList(parley, filter: try query.filter(), format: .json, width: nil) { text += $0 }
                return text
            }
        }
        router.get("/api/search", on: state.work) { request, _ in
            api(request) { parley, query in
                guard let q = query.value("q") else {
                    throw ParleyError.invalid("give the words to search for as ?q=", field: "q")
                }
                let limit = try query.value("limit").map { _ in try query.number("limit", default: 20, maximum: Int.max) }
                var text = ""
                try FrontEndDocuments.search(parley, query: q, filter: try query.filter(), raw: Self.flag(query, "raw"), limit: limit,
                                             format: .json, width: 80, bold: false) { text += $0 }
                return text
            }
        }
        router.get("/api/timeline", on: state.work) { request, _ in
            api(request) { parley, query in
                let filter = try query.filter()
                var text = ""
                try FrontEndDocuments.timeline(parley, filter: filter, format: .json,
                                               title: try FrontEndDocuments.timelineTitle(parley, filter: filter)) { text += $0 }
                return text
            }
        }
        router.get("/api/stances", on: state.work) { request, _ in
            api(request) { parley, query in
                let filter = try FrontEndDocuments.stancesFilter(try query.filter(), asOf: query.value("as-of"), fieldPrefix: "")
                return try FrontEndDocuments.stances(try StanceMatrix(parley: parley, filter: filter), format: .listing(.json), width: nil)
            }
        }
        router.get("/api/shifts", on: state.work) { request, _ in
            api(request) { parley, query in
                var text = ""
                try FrontEndDocuments.shifts(parley, filter: try query.filter(), includeUnclear: Self.flag(query, "include-unclear"),
                                             format: .listing(.json), width: nil) { text += $0 }
                return text
            }
        }
        router.get("/api/actors", on: state.work) { request, _ in
            api(request) { parley, query in
                let prefix = TextKeys.nameKey(query.value("q") ?? "")
                var names: [String] = []
                for actor in try parley.actors.list() {
                    for name in [actor.name] + actor.aliases where !names.contains(name) {
                        let key = TextKeys.nameKey(name)
                        guard key.hasPrefix(prefix) || key.contains(" " + prefix) else { continue }
                        names.append(name)
                    }
                    if names.count >= 20 { break }
                }
                return JSONValue.array(names.map(JSONValue.string)).serialized(indent: nil) + "\n"
            }
        }
    }

    static func flag(_ query: WebQuery, _ name: String) -> Bool {
        query.pairs.contains { $0.name == name && ["", "1", "yes", "true", "on"].contains($0.value.lowercased()) }
    }

    /// Runs an API call; an error is a JSON object `{"error": "…"}` with the status and message
    /// a page would have (`Pages.clientError`).
    func api(_ request: Request, _ body: (ParleyDatabase, WebQuery) throws -> String) -> Response {
        do {
            let parley = try state.open(.read)
            return Pages.json(try body(parley, WebQuery(request)))
        } catch {
            let (status, message) = Pages.clientError(error, log: state.log)
            let text = message.hasPrefix("error: ") ? String(message.dropFirst("error: ".count)) : message
            return Pages.json(JSONValue.object([("error", .string(text))]).serialized(indent: nil) + "\n", status: status)
        }
    }
}
