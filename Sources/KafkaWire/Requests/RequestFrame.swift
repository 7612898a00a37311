/// Decodes a whole request frame (header and body, without the 4-byte size prefix).
///
/// Rejects frames above `limit` before reading a byte, unknown api keys and versions outside
/// the codecs' ranges with errors naming them, and frames with bytes left after the body.
public func decodeRequest(
    frame: [UInt8], limit: Int = WireLimits.socketRequestMaxBytes
) throws(WireError) -> (RequestHeader, KafkaRequest) {
    guard frame.count <= limit else { throw .frameTooLarge(size: frame.count, limit: limit) }
    var reader = WireReader(frame)
    let header = try RequestHeader.decode(&reader)
    let request = try KafkaRequest.decode(&reader, apiKey: header.apiKey, version: header.apiVersion)
    try reader.expectEnd()
    return (header, request)
}

/// Encodes a request frame (header and body, without the 4-byte size prefix) at the header's
/// api version: the inverse of `decodeRequest(frame:)`.
public func encodeRequest(header: RequestHeader, request: KafkaRequest) -> [UInt8] {
    precondition(
        header.apiKey == request.apiKey, "header says \(header.apiKey) but the body is \(request.apiKey)")
    var writer = WireWriter()
    header.encode(into: &writer)
    request.encode(into: &writer, version: header.apiVersion)
    return writer.bytes
}
