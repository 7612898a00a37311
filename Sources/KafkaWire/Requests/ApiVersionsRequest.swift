/// ApiVersions (key 18): asks which api versions the broker speaks. Empty in v0–2; v3+ is
/// flexible and names the client software.
///
/// v4 has v3's layout; it is decoded so that the broker can answer it with error 35
/// (`UNSUPPORTED_VERSION`) and a v0 body instead of closing the connection.
public struct ApiVersionsRequest: RequestBody {
    public static let apiKey = ApiKey.apiVersions
    public static let versions: ClosedRange<Int16> = 0...4

    /// The client library's name, e.g. `librdkafka` (v3+).
    public var clientSoftwareName: String
    /// The client library's version, e.g. `2.0.2` (v3+).
    public var clientSoftwareVersion: String
    /// The body's tag buffer (v3+).
    public var taggedFields: [TaggedField]

    public init(clientSoftwareName: String = "", clientSoftwareVersion: String = "", taggedFields: [TaggedField] = []) {
        self.clientSoftwareName = clientSoftwareName
        self.clientSoftwareVersion = clientSoftwareVersion
        self.taggedFields = taggedFields
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        guard version >= 3 else { return Self() }
        return Self(
            clientSoftwareName: try reader.readCompactString(),
            clientSoftwareVersion: try reader.readCompactString(),
            taggedFields: try reader.readTaggedFields())
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        guard version >= 3 else { return }
        writer.writeCompactString(clientSoftwareName)
        writer.writeCompactString(clientSoftwareVersion)
        writer.writeTaggedFields(taggedFields)
    }
}
