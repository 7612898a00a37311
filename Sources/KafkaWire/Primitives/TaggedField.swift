/// One entry of a flexible version's tag buffer, kept as raw bytes so that re-encoding gives
/// back exactly what a client sent (Flightdeck reads none of the optional tagged fields).
public struct TaggedField: Hashable, Sendable {
    /// The field's tag number.
    public var tag: UInt32
    /// The field's bytes, without the tag and size prefixes.
    public var data: [UInt8]

    public init(tag: UInt32, data: [UInt8]) {
        self.tag = tag
        self.data = data
    }
}
