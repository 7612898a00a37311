/// The header in front of every request body.
///
/// | version | fields | used for |
/// |---|---|---|
/// | 1 | api_key int16, api_version int16, correlation_id int32, client_id NULLABLE_STRING | non-flexible versions |
/// | 2 | v1 + tag buffer | flexible versions (here only ApiVersions v3+) |
///
/// In v2 the client id is still an int16-length string, not a compact one.
public struct RequestHeader: Hashable, Sendable {
    /// Which request the body is.
    public var apiKey: ApiKey
    /// The version of the request body.
    public var apiVersion: Int16
    /// Echoed in the response so the client can match it to the request.
    public var correlationID: Int32
    /// The client's self-chosen name; may be null.
    public var clientID: String?
    /// The header's tag buffer (header v2 only).
    public var taggedFields: [TaggedField]

    public init(
        apiKey: ApiKey, apiVersion: Int16, correlationID: Int32, clientID: String?,
        taggedFields: [TaggedField] = []
    ) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationID = correlationID
        self.clientID = clientID
        self.taggedFields = taggedFields
    }

    /// The header version a request of `apiKey` at `apiVersion` uses: 2 for flexible versions
    /// (of the advertised table, only ApiVersions v3+), 1 otherwise.
    public static func version(for apiKey: ApiKey, apiVersion: Int16) -> Int16 {
        isFlexible(apiKey, apiVersion: apiVersion) ? 2 : 1
    }

    /// Whether the request body at this version is flexible (compact strings, tag buffers).
    public static func isFlexible(_ apiKey: ApiKey, apiVersion: Int16) -> Bool {
        apiKey == .apiVersions && apiVersion >= 3
    }

    /// Reads a header, choosing v1 or v2 from the api key and version in its first 4 bytes.
    /// Throws `unknownApiKey` for a key this broker does not speak.
    public static func decode(_ reader: inout WireReader) throws(WireError) -> RequestHeader {
        let rawKey = try reader.readInt16()
        guard let apiKey = ApiKey(rawValue: rawKey) else { throw .unknownApiKey(rawKey) }
        let apiVersion = try reader.readInt16()
        let correlationID = try reader.readInt32()
        let clientID = try reader.readNullableString()
        let tagged =
            version(for: apiKey, apiVersion: apiVersion) >= 2 ? try reader.readTaggedFields() : []
        return RequestHeader(
            apiKey: apiKey, apiVersion: apiVersion, correlationID: correlationID, clientID: clientID,
            taggedFields: tagged)
    }

    /// Writes the header in the version its api key and version call for.
    public func encode(into writer: inout WireWriter) {
        writer.writeInt16(apiKey.rawValue)
        writer.writeInt16(apiVersion)
        writer.writeInt32(correlationID)
        writer.writeNullableString(clientID)
        if Self.version(for: apiKey, apiVersion: apiVersion) >= 2 {
            writer.writeTaggedFields(taggedFields)
        }
    }
}
