/// A response body codec: one per api, reading and writing every version in `versions`.
///
/// Error code fields are `Int16`, the raw value of KafkaCore's `KafkaError`: a client must be able
/// to read a code it does not know without failing the whole response.
public protocol ResponseBody: WireBody {}
