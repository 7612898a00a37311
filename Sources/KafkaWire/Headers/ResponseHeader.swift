/// The header in front of every response body.
///
/// | version | fields | used for |
/// |---|---|---|
/// | 0 | correlation_id int32 | non-flexible versions, and ApiVersions at every version |
/// | 1 | v0 + tag buffer | flexible versions except ApiVersions |
///
/// ApiVersions always answers with header v0, even to a flexible v3 request: a client must be
/// able to read the response before it knows which versions the broker speaks.
public struct ResponseHeader: Hashable, Sendable {
    /// The request's correlation id, echoed.
    public var correlationID: Int32
    /// The header's tag buffer (header v1 only).
    public var taggedFields: [TaggedField]

    public init(correlationID: Int32, taggedFields: [TaggedField] = []) {
        self.correlationID = correlationID
        self.taggedFields = taggedFields
    }

    /// The header version the response to `apiKey` at `apiVersion` uses.
    public static func version(for apiKey: ApiKey, apiVersion: Int16) -> Int16 {
        if apiKey == .apiVersions { return 0 }
        return RequestHeader.isFlexible(apiKey, apiVersion: apiVersion) ? 1 : 0
    }

    /// Reads a header of `version` (0 or 1).
    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> ResponseHeader {
        let correlationID = try reader.readInt32()
        let tagged = version >= 1 ? try reader.readTaggedFields() : []
        return ResponseHeader(correlationID: correlationID, taggedFields: tagged)
    }

    /// Writes the header as `version` (0 or 1).
    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt32(correlationID)
        if version >= 1 { writer.writeTaggedFields(taggedFields) }
    }
}
