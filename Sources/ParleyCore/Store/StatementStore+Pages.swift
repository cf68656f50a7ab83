import ParleySQLite

extension StatementStore {
    /// One page of the statements a filter selects, in timeline order (as `forEach`): at most
    /// `limit` of them, after skipping `offset`. A front end that pages through a listing reads
    /// only the page it shows, from the timeline index.
    public func page(_ filter: StatementFilter = StatementFilter(), offset: Int, limit: Int,
                     relations: StatementRelations = .all) throws -> [Statement] {
        let (whereClause, arguments) = try conditions(for: filter)
        let sql = """
            \(Self.selectStatement)
            \(whereClause)
            \(Self.timelineOrder)
            LIMIT ? OFFSET ?
            """
        var found: [Statement] = []
        try streamBatched(try db.prepare(sql), arguments + [Int64(max(0, limit)), Int64(max(0, offset))],
                          relations: relations, extra: { _ in () }) { statement, _ in found.append(statement) }
        return found
    }
}
