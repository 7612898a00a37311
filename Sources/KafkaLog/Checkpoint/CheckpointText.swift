/// Kafka's checkpoint text format (`CheckpointFile`): a version line, an entry-count line, then one
/// line per entry whose fields are separated by whitespace, every line ending in `\n`.
///
/// Reading follows Kafka's `CheckpointReadBuffer`: an empty file, or one with only a version line,
/// holds no entries; a version other than the expected one is refused; every entry line must
/// have exactly the expected number of fields (leading whitespace makes an empty first field,
/// trailing whitespace is ignored, as Java's `split("\\s+")` does); the count must match.
enum CheckpointText {
    /// The file bytes for `lines` under `version`.
    static func encode(version: Int, lines: [String]) -> [UInt8] {
        var bytes = header(version: version, count: lines.count)
        for line in lines {
            bytes.append(contentsOf: line.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// The version and entry-count lines.
    static func header(version: Int, count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        appendDecimal(Int64(version), to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        appendDecimal(Int64(count), to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Appends `value` in decimal, as `String(value)` spells it.
    static func appendDecimal(_ value: Int64, to bytes: inout [UInt8]) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    /// Whether `text` can be one field of an entry line: not empty and without whitespace (which
    /// separates fields). ASCII text is checked byte by byte; anything else by its characters.
    static func isField(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        var ascii = true
        for byte in text.utf8 {
            if byte >= 0x80 {
                ascii = false
                break
            }
            if byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0D) { return false }
        }
        return ascii || !text.contains(where: \.isWhitespace)
    }

    /// One entry line: its 1-based line number, its text and its fields.
    struct Line {
        let number: Int
        let text: String
        let fields: [Substring]
    }

    /// The entry lines of a checkpoint, each with exactly `fieldCount` fields.
    static func decode(
        _ bytes: [UInt8], path: StoragePath, version expectedVersion: Int, fieldCount: Int, maxEntries: Int,
        entryShape: String
    ) throws(CheckpointError) -> [Line] {
        // Split on bytes: as Characters, "\r\n" is one grapheme and would not split on "\n".
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        let texts = lines.map { line in String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self) }
        guard let versionText = texts.first else { return [] }
        guard let version = Int(versionText) else {
            throw .malformedLine(path: path, line: 1, text: versionText, expected: "a version number")
        }
        guard version == expectedVersion else {
            throw .unsupportedVersion(path: path, version: version, expected: expectedVersion)
        }
        guard texts.count > 1 else { return [] }
        guard let expectedCount = Int(texts[1]), expectedCount >= 0, expectedCount <= maxEntries else {
            throw .malformedLine(
                path: path, line: 2, text: texts[1], expected: "an entry count between 0 and \(maxEntries)")
        }
        let entryTexts = texts.dropFirst(2)
        guard entryTexts.count <= maxEntries else {
            throw .entryCountMismatch(path: path, expected: expectedCount, found: entryTexts.count)
        }
        var result: [Line] = []
        result.reserveCapacity(entryTexts.count)
        for (index, text) in zip(entryTexts.indices, entryTexts) {
            let fields = splitFields(text)
            guard fields.count == fieldCount else {
                throw .malformedLine(path: path, line: index + 1, text: text, expected: entryShape)
            }
            result.append(Line(number: index + 1, text: text, fields: fields))
        }
        guard result.count == expectedCount else {
            throw .entryCountMismatch(path: path, expected: expectedCount, found: result.count)
        }
        return result
    }

    /// Splits on runs of Java's `\s` characters; a leading run yields an empty first field and
    /// trailing runs yield nothing, exactly as `String.split("\\s+")`.
    static func splitFields(_ text: String) -> [Substring] {
        var fields = text.split(omittingEmptySubsequences: false, whereSeparator: isJavaWhitespace)
        // Consecutive separators make empty fields in the middle; Java treats the run as one.
        fields = fields.enumerated().filter { index, field in index == 0 || !field.isEmpty }.map(\.element)
        while fields.count > 1, fields.last?.isEmpty == true { fields.removeLast() }
        if fields.count == 1, fields[0].isEmpty { return [] }
        return fields
    }

    private static func isJavaWhitespace(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\n" || character == "\u{0B}" || character == "\u{0C}"
            || character == "\r"
    }
}
