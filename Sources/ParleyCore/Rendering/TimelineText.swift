/// A chronological listing for reading in a terminal: date, speaker (and on whose behalf),
/// medium, the text wrapped to the width, and the stances.
///
/// ```
/// reported 2025-05-20 · Mao Ning for China's foreign ministry · press briefing
///     “China supports all efforts aimed at achieving peace”
///     direct-talks: supports
/// ```
public enum TimelineText {
    public static func render(_ statements: [Statement], width: Int = 80) -> String {
        let textWidth = max(20, width - 4)
        var out = ""
        for statement in statements {
            var heading = [statement.dateLabel, statement.speaker.name + (statement.onBehalfOf.map { " for \($0.name)" } ?? "")]
            if let medium = statement.medium { heading.append(medium) }
            if statement.isRetracted { heading.append("RETRACTED") }
            out += TerminalText.sanitize(heading.joined(separator: " · ")) + "\n"
            let text = statement.kind == .quote ? "“\(statement.text)”" : "(paraphrase) \(statement.text)"
            for line in TerminalText.wrap(TerminalText.sanitize(text), to: textWidth) {
                out += "    " + line + "\n"
            }
            if !statement.stances.isEmpty {
                out += "    " + statement.stances.map { "\($0.topic.slug): \($0.stance.rawValue)" }.joined(separator: ", ") + "\n"
            }
            out += "\n"
        }
        return out
    }
}
