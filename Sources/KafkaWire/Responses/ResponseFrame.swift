/// Encodes a response frame (header and body, without the 4-byte size prefix) for a request of
/// `apiKey` at `version`, with the header version that pair calls for (v0 for ApiVersions always).
///
/// For the ApiVersions error-35 fallback pass `version: 0` and
/// `ApiVersionsResponse.unsupportedVersionFallback()`.
public func encodeResponse(
    correlationID: Int32, apiKey: ApiKey, version: Int16, response: KafkaResponse
) -> [UInt8] {
    precondition(apiKey == response.apiKey, "frame says \(apiKey) but the body is \(response.apiKey)")
    precondition(
        KafkaResponse.versions(for: apiKey).contains(version), "\(apiKey) v\(version) has no response codec")
    var writer = WireWriter()
    let header = ResponseHeader(correlationID: correlationID)
    header.encode(into: &writer, version: ResponseHeader.version(for: apiKey, apiVersion: version))
    response.encode(into: &writer, version: version)
    return writer.bytes
}

/// Decodes a response frame (header and body, without the 4-byte size prefix) to a request of
/// `apiKey` at `version`: the inverse of `encodeResponse`. Rejects frames above `limit` before
/// reading a byte, versions outside the codecs' ranges, and frames with bytes left after the body.
public func decodeResponse(
    frame: [UInt8], apiKey: ApiKey, version: Int16, limit: Int = WireLimits.socketRequestMaxBytes
) throws(WireError) -> (ResponseHeader, KafkaResponse) {
    guard frame.count <= limit else { throw .frameTooLarge(size: frame.count, limit: limit) }
    guard KafkaResponse.versions(for: apiKey).contains(version) else {
        throw .unsupportedVersion(api: apiKey, version: version)
    }
    var reader = WireReader(frame)
    let header = try ResponseHeader.decode(&reader, version: ResponseHeader.version(for: apiKey, apiVersion: version))
    let response = try KafkaResponse.decode(&reader, apiKey: apiKey, version: version)
    try reader.expectEnd()
    return (header, response)
}
