import KafkaWire
import Testing

/// Encodes `body` at `version`, compares the bytes with `hex` (derived by hand from the protocol
/// layouts), then decodes the hex back and expects the same body with nothing left over.
func checkGolden<Body: WireBody>(
    _ body: Body, version: Int16, _ hex: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    var writer = WireWriter()
    body.encode(into: &writer, version: version)
    let expected = Hex.bytes(hex)
    #expect(
        Hex.string(writer.bytes) == Hex.string(expected), "\(Body.apiKey) v\(version) encodes",
        sourceLocation: sourceLocation)
    var reader = WireReader(expected)
    let decoded = try Body.decode(&reader, version: version)
    #expect(decoded == body, "\(Body.apiKey) v\(version) decodes back", sourceLocation: sourceLocation)
    #expect(reader.remaining == 0, sourceLocation: sourceLocation)
}
