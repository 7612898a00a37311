/// Why a frame could not be decoded. Decoding never traps: every malformed input ends here.
public enum WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A read needed `needed` bytes and only `available` were left in the frame.
    case truncated(needed: Int, available: Int)
    /// A length or count prefix is negative (other than the -1 that means null where null is
    /// allowed) or larger than any frame could hold.
    case invalidLength(Int)
    /// A string's bytes are not valid UTF-8.
    case invalidUTF8
    /// An unsigned varint ran past the 5 bytes a 32-bit value may take.
    case malformedVarint
    /// The body decoded completely and `count` bytes were left over.
    case trailingBytes(count: Int)
    /// The api key is not one this broker speaks.
    case unknownApiKey(Int16)
    /// The api is known but not at this version.
    case unsupportedVersion(api: ApiKey, version: Int16)
    /// The frame's size prefix is larger than the broker accepts (`socket.request.max.bytes`).
    case frameTooLarge(size: Int, limit: Int)

    /// What went wrong, in words, for logs.
    public var description: String {
        switch self {
        case .truncated(let needed, let available):
            "truncated frame: needed \(needed) bytes, \(available) left"
        case .invalidLength(let length): "invalid length or count \(length)"
        case .invalidUTF8: "string is not valid UTF-8"
        case .malformedVarint: "unsigned varint longer than 5 bytes"
        case .trailingBytes(let count): "\(count) bytes left over after the request body"
        case .unknownApiKey(let key): "unknown api key \(key)"
        case .unsupportedVersion(let api, let version): "\(api) v\(version) is not supported"
        case .frameTooLarge(let size, let limit):
            "frame of \(size) bytes exceeds socket.request.max.bytes \(limit)"
        }
    }
}
