import TerminalUI

/// The help view: every key binding, the command line's keys and every command, grouped,
/// generated from `KeyBinding.all`, `LineEditor.keys` and `CommandSpec.all` so it can never
/// drift from what the console does. Sections flow into as many columns as the body needs,
/// never split unless one is taller than a column.
enum HelpView {
    /// One line of help: a heading, or pairs of keys and what they do (the view digits share
    /// lines: `1 overview  2 brokers …`).
    struct Line {
        var heading: String?
        var pairs: [(keys: String, summary: String)]

        static func heading(_ text: String) -> Line { Line(heading: text, pairs: []) }
        static func entry(_ keys: String, _ summary: String) -> Line { Line(heading: nil, pairs: [(keys, summary)]) }
    }

    /// View digits per shared line.
    static let digitsPerLine = 4

    /// The narrowest a column may be before the commands are listed by name only.
    static let comfortableColumnWidth = 44

    /// The sections, each a heading and its lines; `compact` (a small terminal) puts the keys
    /// that act on the selection and on time several to a line, and leaves the commands to Tab
    /// (`Docs/CONSOLE.md` lists them too).
    static func sections(compact: Bool = false) -> [[Line]] {
        var result: [[Line]] = []
        for section in KeyBinding.Section.allCases {
            var lines = [Line.heading(section.rawValue)]
            let bindings = KeyBinding.all.filter { $0.section == section }
            let digits = bindings.filter { if case .showView = $0.action { true } else { false } }
            for start in stride(from: 0, to: digits.count, by: digitsPerLine) {
                let chunk = digits[start..<min(digits.count, start + digitsPerLine)]
                lines.append(Line(heading: nil, pairs: chunk.map { (keysText($0.keys), shortName($0)) }))
            }
            let packed = compact && (section == .operate || section == .time)
            let rest = bindings.filter { !digits.contains($0) }
            if packed {
                // Several to a line, by the first word of what they do (`K Ctrl-K kill`).
                for start in stride(from: 0, to: rest.count, by: 3) {
                    let chunk = rest[start..<min(rest.count, start + 3)]
                    lines.append(
                        Line(
                            heading: nil,
                            pairs: chunk.map { (keysText($0.keys), String($0.summary.prefix { $0 != " " })) }))
                }
            } else {
                for binding in rest { lines.append(.entry(keysText(binding.keys), binding.summary)) }
            }
            result.append(lines)
        }
        result.append(
            [.heading("Command line and filter")] + LineEditor.keys.map { .entry(keysText($0.keys), $0.summary) })
        guard compact else {
            result.append(
                [.heading("Commands")]
                    + CommandSpec.all.map { command in
                        let names = ([command.name] + command.aliases.prefix(1)).map { ":" + $0 }
                        let argument = command.argumentHint.map { " " + $0 } ?? ""
                        return .entry(names.joined(separator: " ") + argument, command.summary)
                    })
            return result
        }
        let lines: [Line] = [
            .heading("Commands"), .entry(":  Tab", "lists them all (a larger window shows them here)"),
        ]
        result.append(lines)
        return result
    }

    /// `overview` for the binding of `1`: the view's name without the word "view".
    private static func shortName(_ binding: KeyBinding) -> String {
        if case .showView(let view) = binding.action { return view.name }
        return binding.summary
    }

    static func keysText(_ keys: [Key]) -> String {
        keys.map(\.description).joined(separator: " ")
    }

    /// The sections placed into columns of `rows` lines: each column a list of lines, with a
    /// blank line between sections.
    static func columns(rows: Int, compact: Bool = false) -> [[Line?]] {
        var columns: [[Line?]] = [[]]
        for section in sections(compact: compact) {
            let current = columns[columns.count - 1]
            let needed = section.count + (current.isEmpty ? 0 : 1)
            if !current.isEmpty && current.count + needed > rows && section.count <= rows {
                columns.append([])
            }
            for line in section {
                if columns[columns.count - 1].count >= rows { columns.append([]) }
                if line.heading != nil && !columns[columns.count - 1].isEmpty {
                    columns[columns.count - 1].append(nil)
                }
                columns[columns.count - 1].append(line)
            }
        }
        return columns
    }

    static func draw(in body: Rect, into grid: inout CellGrid) {
        grid.drawBox(body, title: ConsoleView.help.title)
        let inside = body.inset(by: 1)
        guard inside.height > 1, inside.width > 4 else { return }
        var compact = false
        var placed = columns(rows: inside.height - 1)
        if placed.count * comfortableColumnWidth > inside.width {
            compact = true
            placed = columns(rows: inside.height - 1, compact: true)
        }
        let frames = Layout.split(inside, .horizontal, Array(repeating: .fill(), count: placed.count))
        let keyWidth = min(
            compact ? 16 : 28,
            sections(compact: compact).joined().filter { $0.pairs.count == 1 }.map { CellWidth.of($0.pairs[0].keys) }
                .max() ?? 0)
        for (column, lines) in zip(frames, placed) {
            for (row, line) in lines.enumerated() {
                guard let line else { continue }
                let y = column.y + row
                let x = column.x + 2
                if let heading = line.heading {
                    grid.put(heading, x: x, y: y, role: .title, maxWidth: column.width - 3)
                } else if line.pairs.count == 1 {
                    grid.put(line.pairs[0].keys, x: x, y: y, role: .key, maxWidth: keyWidth)
                    let summaryX = x + keyWidth + 2
                    grid.put(
                        line.pairs[0].summary, x: summaryX, y: y, role: .text, maxWidth: column.maxX - summaryX - 1)
                } else {
                    var pairX = x
                    for pair in line.pairs {
                        pairX += grid.put(pair.keys, x: pairX, y: y, role: .key, maxWidth: column.maxX - pairX - 1)
                        pairX += grid.put(
                            " \(pair.summary)  ", x: pairX, y: y, role: .text, maxWidth: column.maxX - pairX - 1)
                    }
                }
            }
        }
        grid.put(
            truncating: "? or Esc goes back",
            in: Rect(x: inside.x + 2, y: inside.maxY - 1, width: inside.width - 4, height: 1),
            role: .muted)
    }
}
