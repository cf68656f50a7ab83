import Hummingbird
import ParleyCore

/// Edits from the browser: a statement's fields and stances, its retraction, a link to another
/// statement. Each is one core write, as `parley statement edit`, `retract` and `link` make it,
/// with its history entry.
struct EditRoutes: Sendable {
    let state: ServerState

    func add(to router: Router<WebContext>) {
        router.post("/statements/:id/edit", on: state.work, .write) { _, context in
            let parley = try state.open(.write)
            let statement = try parley.statements.resolve(context.parameters.get("id") ?? "")
            _ = try parley.statements.edit(String(statement.id), try Self.edit(context.form, current: statement))
            return Pages.redirect("/statements/\(statement.id)")
        }
        router.post("/statements/:id/retract", on: state.work, .write) { _, context in
            guard let reason = context.form.value("reason") else {
                throw ParleyError.invalid("say why the statement is retracted", field: "reason")
            }
            let parley = try state.open(.write)
            let retracted = try parley.statements.retract(context.parameters.get("id") ?? "", reason: reason)
            return Pages.redirect("/statements/\(retracted.id)")
        }
        router.post("/statements/:id/link", on: state.work, .write) { _, context in
            guard let other = context.form.value("to") else {
                throw ParleyError.invalid("give the id or UUID of the statement to link to", field: "to")
            }
            let relation = try LinkRelation.parse(context.form.value("as") ?? "", field: "as")
            let parley = try state.open(.write)
            let from = try parley.statements.resolve(context.parameters.get("id") ?? "")
            try parley.statements.link(String(from.id), to: other, as: relation)
            return Pages.redirect("/statements/\(from.id)")
        }
    }

    /// The edit a submitted form asks for: each field that now reads otherwise (blank clears an
    /// optional one), the stances as listed (`topic=stance; …`; a topic left out loses its stance).
    /// A required field (speaker, text, kind) sent blank goes to the core blank, which refuses
    /// it with the command line's message, so nothing changes.
    static func edit(_ form: WebForm, current: Statement) throws -> StatementEdit {
        func changed(_ name: String, _ now: String?) -> String?? {
            guard form.raw(name) != nil, form.value(name) != now else { return nil }
            return .some(form.value(name))
        }
        func required(_ name: String, _ now: String) -> String? {
            guard let sent = form.raw(name)?.trimmingWhitespace(), sent != now else { return nil }
            return sent
        }
        let stances = try WebForm.stances(form.raw("stances") ?? "", field: "stances")
        let kept = Set(stances.map { $0.topic.lowercased() })
        let removed = form.raw("stances") == nil ? [] : current.stances.map(\.topic.slug).filter { !kept.contains($0.lowercased()) }
        let unchangedStances = stances.filter { input in current.stances.contains { $0.topic.slug == input.topic && $0.stance == input.stance } }
        let saidOn = try changed("said_on", current.saidOn?.description).map { try PartialDate.parseOptional($0, field: "said_on") }
        let kind = try form.raw("kind").map { try StatementKind.parse($0.trimmingWhitespace(), field: "kind") }
        return StatementEdit(
            speaker: required("speaker", current.speaker.name), onBehalfOf: changed("on_behalf_of", current.onBehalfOf?.name),
            text: required("text", current.text), kind: kind == current.kind ? nil : kind,
            saidOn: saidOn, medium: changed("medium", current.medium), place: changed("place", current.place),
            note: changed("note", current.note),
            setStances: stances.count == unchangedStances.count ? [] : stances, removeStances: removed)
    }

    /// The forms of a statement's page.
    static func forms(_ statement: Statement, csrf: String) -> String {
        let h = Pages.h
        let path = "/statements/\(statement.id)"
        func field(_ name: String, _ label: String, _ value: String?, placeholder: String = "") -> String {
            "<label>\(label)<input type=\"text\" name=\"\(name)\" value=\"\(h(value ?? ""))\" placeholder=\"\(h(placeholder))\"></label>\n"
        }
        var out = "<h2>Edit</h2>\n<details><summary>Change its fields and stances</summary>\n<form class=\"stacked\" method=\"post\" action=\"\(path)/edit\">\n" + Pages.csrfField(csrf)
        out += "<label>Text<textarea name=\"text\">\(h(statement.text))</textarea></label>\n"
        out += "<label>Kind<select name=\"kind\">" + StatementKind.allCases.map { kind in
            "<option value=\"\(kind.rawValue)\"\(kind == statement.kind ? " selected" : "")>\(kind.rawValue)</option>"
        }.joined() + "</select></label>\n"
        out += field("speaker", "Speaker", statement.speaker.name)
        out += field("on_behalf_of", "On behalf of (blank for none)", statement.onBehalfOf?.name)
        out += field("said_on", "Said on (blank for unknown)", statement.saidOn?.description, placeholder: "YYYY-MM-DD")
        out += field("medium", "Medium", statement.medium)
        out += field("place", "Place", statement.place)
        out += field("note", "Note", statement.note)
        out += field("stances", "Stances (topic=stance; a topic left out loses its stance)",
                     statement.stances.map { "\($0.topic.slug)=\($0.stance.rawValue)" }.joined(separator: "; "))
        out += "<div><button type=\"submit\">Save the changes</button></div>\n</form>\n</details>\n"
        if !statement.isRetracted {
            out += "<form class=\"inline\" method=\"post\" action=\"\(path)/retract\">\n" + Pages.csrfField(csrf)
            out += field("reason", "Retract it, because…", nil, placeholder: "Misattributed: …")
            out += "<button type=\"submit\" class=\"secondary\">Retract</button></form>\n"
        }
        out += "<form class=\"inline\" method=\"post\" action=\"\(path)/link\">\n" + Pages.csrfField(csrf)
        out += "<label>This statement<select name=\"as\">" + LinkRelation.allCases.map { "<option value=\"\($0.rawValue)\">\($0.rawValue)</option>" }.joined() + "</select></label>\n"
        out += field("to", "statement (id or UUID)", nil)
        out += "<button type=\"submit\" class=\"secondary\">Link</button></form>\n"
        return out
    }
}
