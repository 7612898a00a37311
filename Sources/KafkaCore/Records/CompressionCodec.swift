/// How a batch's records are compressed: attribute bits 0–2 (Kafka's `CompressionType`).
///
/// Flightdeck decodes only `.none`; compressed batches are stored, CRC-checked and served byte
/// for byte, which is all a broker needs to do with them.
public enum CompressionCodec: Int16, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case none = 0
    case gzip = 1
    case snappy = 2
    case lz4 = 3
    case zstd = 4

    /// Kafka's name, as in `compression.type`.
    public var description: String {
        switch self {
        case .none: "none"
        case .gzip: "gzip"
        case .snappy: "snappy"
        case .lz4: "lz4"
        case .zstd: "zstd"
        }
    }
}
