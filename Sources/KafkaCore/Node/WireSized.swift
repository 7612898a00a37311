/// A message that knows how many bytes it takes on the wire.
///
/// The simulated network uses it for bandwidth caps (serialization delay) and byte counters.
/// An estimate is fine (a request's encoded size, give or take the frame header), but it must be
/// a pure function of the message so that runs replay.
public protocol WireSized {
    /// The encoded size in bytes; never negative.
    var sizeInBytes: Int { get }
}
