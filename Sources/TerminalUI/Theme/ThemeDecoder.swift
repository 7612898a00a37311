/// What is wrong with a theme's text, and where.
public struct ThemeProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var location: TextPosition?

    public init(_ message: String, at location: TextPosition? = nil) {
        self.message = message
        self.location = location
    }

    /// `12:7: role "helthy" is not a role; did you mean "healthy"?`
    public var description: String {
        location.map { "\($0): \(message)" } ?? message
    }
}

/// Turns theme JSON into a `Theme`, checking every name and value.
///
/// ```json
/// { "name": "default",
///   "palette": { "green": "#5fd75f" },
///   "roles": { "healthy": { "fg": "green", "bold": true } } }
/// ```
/// Colours are `"default"`, `"#rrggbb"`, an xterm index `0`–`255`, an ANSI name (`"red"`,
/// `"bright-red"`), or a palette name. Roles left out take the fallback theme's style.
public enum ThemeDecoder {
    static let attributeKeys = ["bold", "dim", "italic", "underline", "reverse"]

    public static func decode(_ text: String, fallback: Theme?) -> Result<Theme, ThemeProblem> {
        let document: JSONValue
        do {
            document = try JSONParser.parse(text)
        } catch {
            return .failure(ThemeProblem("invalid JSON: \(error.message)", at: error.location))
        }
        do {
            return .success(try decode(document, fallback: fallback))
        } catch {
            return .failure(error)
        }
    }

    private static func decode(_ document: JSONValue, fallback: Theme?) throws(ThemeProblem) -> Theme {
        let members = try object(document, what: "the theme")
        var name = "unnamed"
        var palette: [String: ThemeColor] = [:]
        var styles: [StyleRole: RoleStyle] = [:]
        var rolesSeen = false
        for member in members {
            switch member.key {
            case "name":
                name = try string(member.value, what: "\"name\"")
            case "description":
                _ = try string(member.value, what: "\"description\"")
            case "palette":
                for entry in try object(member.value, what: "\"palette\"") {
                    guard ThemeColor.ansiNames.firstIndex(of: entry.key) == nil, entry.key != "default" else {
                        throw ThemeProblem(
                            "palette name \"\(entry.key)\" is already a built-in colour name; choose another",
                            at: entry.keyLocation)
                    }
                    palette[entry.key] = try color(entry.value, palette: palette)
                }
            case "roles":
                rolesSeen = true
                for entry in try object(member.value, what: "\"roles\"") {
                    guard let role = StyleRole(rawValue: entry.key) else {
                        let hint =
                            closestMatch(to: entry.key, in: StyleRole.allCases.map(\.rawValue))
                            .map { "; did you mean \"\($0)\"?" } ?? ""
                        throw ThemeProblem("\"\(entry.key)\" is not a role\(hint)", at: entry.keyLocation)
                    }
                    styles[role] = try style(entry.value, role: entry.key, palette: palette)
                }
            default:
                let hint =
                    closestMatch(to: member.key, in: ["name", "description", "palette", "roles"])
                    .map { "; did you mean \"\($0)\"?" } ?? ""
                throw ThemeProblem("unknown key \"\(member.key)\"\(hint)", at: member.keyLocation)
            }
        }
        guard rolesSeen else { throw ThemeProblem("the theme has no \"roles\" object", at: document.location) }
        return Theme(name: name, styles: styles, fallback: fallback)
    }

    private static func style(
        _ value: JSONValue, role: String, palette: [String: ThemeColor]
    ) throws(ThemeProblem)
        -> RoleStyle
    {
        var style = RoleStyle()
        for member in try object(value, what: "role \"\(role)\"") {
            switch member.key {
            case "fg": style.foreground = try color(member.value, palette: palette)
            case "bg": style.background = try color(member.value, palette: palette)
            case "bold": style.bold = try bool(member.value, what: "\"bold\"")
            case "dim": style.dim = try bool(member.value, what: "\"dim\"")
            case "italic": style.italic = try bool(member.value, what: "\"italic\"")
            case "underline": style.underline = try bool(member.value, what: "\"underline\"")
            case "reverse": style.reverse = try bool(member.value, what: "\"reverse\"")
            default:
                let hint =
                    closestMatch(to: member.key, in: ["fg", "bg"] + attributeKeys)
                    .map { "; did you mean \"\($0)\"?" } ?? ""
                throw ThemeProblem(
                    "unknown style key \"\(member.key)\" in role \"\(role)\"\(hint)", at: member.keyLocation)
            }
        }
        return style
    }

    private static func color(_ value: JSONValue, palette: [String: ThemeColor]) throws(ThemeProblem) -> ThemeColor {
        switch value {
        case .number(let number, let at):
            guard number == number.rounded(), number >= 0, number <= 255 else {
                throw ThemeProblem("colour index \(number) is outside 0–255", at: at)
            }
            return .indexed(UInt8(number))
        case .string(let text, let at):
            if text == "default" { return .terminalDefault }
            if let index = ThemeColor.ansiNames.firstIndex(of: text) { return .indexed(UInt8(index)) }
            if let named = palette[text] { return named }
            if text.hasPrefix("#") {
                guard let rgb = parseHex(text) else {
                    throw ThemeProblem("\"\(text)\" is not a colour; write #rrggbb with six hex digits", at: at)
                }
                return rgb
            }
            let hint =
                closestMatch(to: text, in: palette.keys.sorted() + ThemeColor.ansiNames + ["default"])
                .map { "; did you mean \"\($0)\"?" } ?? ""
            throw ThemeProblem(
                "unknown colour \"\(text)\" (use \"default\", #rrggbb, 0–255, an ANSI name or a palette name)\(hint)",
                at: at)
        default:
            throw ThemeProblem("expected a colour, found \(value.kindName)", at: value.location)
        }
    }

    private static func parseHex(_ text: String) -> ThemeColor? {
        let digits = Array(text.utf8.dropFirst())
        guard digits.count == 6 else { return nil }
        var bytes: [UInt8] = []
        for pair in stride(from: 0, to: 6, by: 2) {
            guard let byte = UInt8(String(decoding: digits[pair..<pair + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return .rgb(bytes[0], bytes[1], bytes[2])
    }

    private static func object(_ value: JSONValue, what: String) throws(ThemeProblem) -> [JSONValue.Member] {
        guard case .object(let members, _) = value else {
            throw ThemeProblem("\(what) must be an object, found \(value.kindName)", at: value.location)
        }
        return members
    }

    private static func string(_ value: JSONValue, what: String) throws(ThemeProblem) -> String {
        guard case .string(let text, _) = value else {
            throw ThemeProblem("\(what) must be a string, found \(value.kindName)", at: value.location)
        }
        return text
    }

    private static func bool(_ value: JSONValue, what: String) throws(ThemeProblem) -> Bool {
        guard case .bool(let flag, _) = value else {
            throw ThemeProblem("\(what) must be true or false, found \(value.kindName)", at: value.location)
        }
        return flag
    }
}
