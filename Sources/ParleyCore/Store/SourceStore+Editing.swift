import ParleySQLite

/// Changes to a source. nil leaves a field as it is; `.some(nil)` clears it.
public struct SourceEdit: Sendable, Equatable {
    public var url: String??
    public var outlet: String??
    public var title: String??
    public var author: String??
    public var publishedOn: PartialDate??
    public var via: String??
    public var archivedURL: String??
    public var language: String??

    public init(url: String?? = nil, outlet: String?? = nil, title: String?? = nil, author: String?? = nil,
                publishedOn: PartialDate?? = nil, via: String?? = nil, archivedURL: String?? = nil, language: String?? = nil) {
        self.url = url
        self.outlet = outlet
        self.title = title
        self.author = author
        self.publishedOn = publishedOn
        self.via = via
        self.archivedURL = archivedURL
        self.language = language
    }
}

extension SourceStore {
    /// Changes a source's fields, recording the old and new values in the history.
    @discardableResult
    public func edit(_ query: String, _ edit: SourceEdit) throws -> Source {
        try db.write { _ in
            let before = try resolve(query)
            var assignments: [String] = []
            var arguments: [any SQLiteBindable] = []
            func set(_ column: String, _ value: String??) {
                guard let value else { return }
                assignments.append("\(column) = ?")
                arguments.append(value.nonBlank)
            }
            if let url = edit.url, let newURL = url.nonBlank, newURL != before.url {
                try Self.checkURL(newURL)
                if let other = try findID(url: newURL), other != before.id {
                    throw ParleyError.conflict("the source \(newURL) is already recorded (id \(other))")
                }
            }
            set("url", edit.url)
            set("outlet", edit.outlet)
            set("title", edit.title)
            set("author", edit.author)
            if let published = edit.publishedOn {
                assignments.append("published_on = ?")
                arguments.append(published?.description)
            }
            set("via", edit.via)
            set("archived_url", edit.archivedURL)
            set("language", edit.language)
            guard !assignments.isEmpty else { return before }
            do {
                // Column names come from the fixed list above; values are bound.
                try db.execute("UPDATE source SET \(assignments.joined(separator: ", ")), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
                               arguments + [before.id])
            } catch ResultCode.constraintCheck {
                throw ParleyError.invalid("a source needs a URL, a title or an outlet; this edit would leave none", field: "source")
            }
            let after = try get(id: before.id)
            try history.recordEdit(.source, id: before.id, uuid: before.uuid, before: SourceRecord(before).json, after: SourceRecord(after).json)
            return after
        }
    }
}
