/// A one-line chart of recent values drawn with the eight Unicode block heights (`▁▂▃▄▅▆▇█`),
/// htop/btop style: the newest value on the right.
public enum Sparkline {
    /// The block characters from lowest to highest.
    public static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The last `width` values as blocks, right-aligned (padded with spaces on the left when
    /// there are fewer values than columns).
    /// - Parameters:
    ///   - values: oldest first; negative values count as zero.
    ///   - maximum: the value drawn as a full block; defaults to the largest value shown, so the
    ///     line always uses its full height. All-zero input draws the lowest block.
    public static func render(_ values: [Double], width: Int, maximum: Double? = nil) -> String {
        guard width > 0 else { return "" }
        let shown = values.suffix(width).map { max(0, $0.isFinite ? $0 : 0) }
        let top = maximum ?? shown.max() ?? 0
        let blocks = shown.map { value -> Character in
            guard top > 0 else { return levels[0] }
            let scaled = Int((min(value, top) / top * Double(levels.count - 1)).rounded())
            return levels[max(0, min(levels.count - 1, scaled))]
        }
        return String(repeating: " ", count: width - blocks.count) + String(blocks)
    }
}
