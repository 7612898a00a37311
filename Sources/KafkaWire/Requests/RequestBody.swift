/// A request body codec: one per api, covering every version Flightdeck decodes.
///
/// Fields absent from a version keep their Kafka defaults when decoded and are skipped when
/// encoded, so `decode` then `encode` at the same version gives back the same bytes.
public protocol RequestBody: Hashable, Sendable {
    /// The api this body belongs to.
    static var apiKey: ApiKey { get }
    /// The versions this codec reads and writes.
    static var versions: ClosedRange<Int16> { get }
    /// Reads the body at `version` (one of `versions`).
    static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self
    /// Writes the body at `version` (one of `versions`).
    func encode(into writer: inout WireWriter, version: Int16)
}
