/// How many terminal columns a Unicode scalar occupies: 0, 1 or 2.
///
/// A locale-independent table (glibc's `wcwidth` answers -1 for everything non-ASCII in the C
/// locale): combining marks and format characters take 0 columns, East Asian Wide and Fullwidth
/// characters and emoji with default emoji presentation take 2, everything else 1. Ambiguous
/// characters (box drawing, `°`, `→`) count as 1, as in every non-CJK terminal setting.
public enum CellWidth {
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x300 { return 1 }
        // The console's own characters — dashes and `…`, arrows, box drawing, sparkline blocks,
        // the state glyphs `◆●◐◑○` — are one column, and asking Unicode's property tables for each
        // of them is most of what a frame costs. `fastPathRanges` holds no mark, format or
        // wide character (a test checks each against the full rule).
        for range in fastPathRanges where range.contains(value) { return 1 }
        return fullRule(scalar)
    }

    /// Ranges of one-column characters the console draws all the time.
    static let fastPathRanges: [ClosedRange<UInt32>] = [0x2010...0x2027, 0x2190...0x21FF, 0x2500...0x25FC]

    /// The width by Unicode's properties and the East Asian Wide table.
    static func fullRule(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format:
            return 0
        default:
            break
        }
        if value == 0x200B { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        for range in wideRanges where range.contains(value) {
            return 2
        }
        return 1
    }

    /// The columns a whole string occupies when drawn cell by cell.
    public static func of(_ text: String) -> Int {
        // Most of what the console measures is ASCII: one column per byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks, from Unicode's EastAsianWidth.txt.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
        0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
