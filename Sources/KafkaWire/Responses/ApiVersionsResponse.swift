/// ApiVersions (key 18) response, v0–3: the version range of every api the broker speaks.
///
/// v3 is flexible (compact array, tag buffers) but, unlike every other api, keeps response header
/// v0. `unsupportedVersionFallback(apiVersions:)` builds the error-35 answer to a version above 3.
public struct ApiVersionsResponse: ResponseBody {
    public static let apiKey = ApiKey.apiVersions
    public static let versions: ClosedRange<Int16> = 0...3

    /// The versions of one api.
    public struct ApiVersion: Hashable, Sendable {
        /// The api key; `Int16` so that a client can read keys it does not know.
        public var apiKey: Int16
        public var minVersion: Int16
        public var maxVersion: Int16
        /// The entry's tag buffer (v3+).
        public var taggedFields: [TaggedField]

        public init(apiKey: Int16, minVersion: Int16, maxVersion: Int16, taggedFields: [TaggedField] = []) {
            self.apiKey = apiKey
            self.minVersion = minVersion
            self.maxVersion = maxVersion
            self.taggedFields = taggedFields
        }
    }

    /// `KafkaError` raw value; 35 (`UNSUPPORTED_VERSION`) in the fallback.
    public var errorCode: Int16
    /// The supported versions, by api.
    public var apiKeys: [ApiVersion]
    /// How long the client was throttled (v1+).
    public var throttleTimeMs: Int32
    /// The body's tag buffer (v3+).
    public var taggedFields: [TaggedField]

    public init(
        errorCode: Int16 = 0, apiKeys: [ApiVersion], throttleTimeMs: Int32 = 0, taggedFields: [TaggedField] = []
    ) {
        self.errorCode = errorCode
        self.apiKeys = apiKeys
        self.throttleTimeMs = throttleTimeMs
        self.taggedFields = taggedFields
    }

    /// The answer to an ApiVersions request at a version above `supported`: error 35
    /// (`UNSUPPORTED_VERSION`) and the ApiVersions range, to be encoded as v0 (body and header) so
    /// that the client can read it and retry with a version it shares with the broker.
    public static func unsupportedVersionFallback(supported: ClosedRange<Int16> = versions) -> Self {
        Self(
            errorCode: 35,
            apiKeys: [
                ApiVersion(
                    apiKey: ApiKey.apiVersions.rawValue, minVersion: supported.lowerBound,
                    maxVersion: supported.upperBound)
            ])
    }

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        let errorCode = try reader.readInt16()
        let flexible = version >= 3
        let readEntry = { (reader: inout WireReader) throws(WireError) -> ApiVersion in
            ApiVersion(
                apiKey: try reader.readInt16(), minVersion: try reader.readInt16(), maxVersion: try reader.readInt16(),
                taggedFields: flexible ? try reader.readTaggedFields() : [])
        }
        let apiKeys: [ApiVersion]
        if flexible {
            guard let entries = try reader.readCompactNullableArray(readEntry) else { throw .invalidLength(-1) }
            apiKeys = entries
        } else {
            apiKeys = try reader.readArray(readEntry)
        }
        var response = Self(errorCode: errorCode, apiKeys: apiKeys)
        if version >= 1 { response.throttleTimeMs = try reader.readInt32() }
        if flexible { response.taggedFields = try reader.readTaggedFields() }
        return response
    }

    public func encode(into writer: inout WireWriter, version: Int16) {
        writer.writeInt16(errorCode)
        let flexible = version >= 3
        let writeEntry = { (writer: inout WireWriter, entry: ApiVersion) in
            writer.writeInt16(entry.apiKey)
            writer.writeInt16(entry.minVersion)
            writer.writeInt16(entry.maxVersion)
            if flexible { writer.writeTaggedFields(entry.taggedFields) }
        }
        if flexible {
            writer.writeCompactNullableArray(apiKeys, writeEntry)
        } else {
            writer.writeArray(apiKeys, writeEntry)
        }
        if version >= 1 { writer.writeInt32(throttleTimeMs) }
        if flexible { writer.writeTaggedFields(taggedFields) }
    }
}
