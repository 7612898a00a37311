/// Why a `Subscription` or `Assignment` blob could not be decoded.
///
/// These blobs come from other clients (JoinGroup metadata, SyncGroup assignments), so a bad one
/// is an expected failure: the caller rejects the member or the assignment, it never traps.
public enum ConsumerProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Reading `field` at byte `position` needed `needed` bytes, and only `remaining` were left.
    case truncated(field: String, position: Int, needed: Int, remaining: Int)
    /// The non-nullable `field` at byte `position` carried a negative length or count (null).
    case unexpectedNull(field: String, position: Int)
    /// The array `field` at byte `position` claims `count` elements, more than the `remaining`
    /// bytes could hold even at the smallest element size.
    case countExceedsInput(field: String, position: Int, count: Int32, remaining: Int)
    /// The string `field` at byte `position` is not valid UTF-8.
    case invalidUTF8(field: String, position: Int)
    /// The blob starts with a negative version, which no Kafka client writes.
    case unsupportedVersion(Int16)

    public var description: String {
        switch self {
        case .truncated(let field, let position, let needed, let remaining):
            "\(field) at byte \(position) needs \(needed) bytes but only \(remaining) are left: the blob is cut short"
        case .unexpectedNull(let field, let position):
            "\(field) at byte \(position) is null but the consumer protocol requires a value"
        case .countExceedsInput(let field, let position, let count, let remaining):
            "\(field) at byte \(position) claims \(count) elements but only \(remaining) bytes follow"
        case .invalidUTF8(let field, let position):
            "\(field) at byte \(position) is not valid UTF-8"
        case .unsupportedVersion(let version):
            "consumer protocol version \(version) is negative; clients write 0 or higher"
        }
    }
}
