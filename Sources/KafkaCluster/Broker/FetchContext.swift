import KafkaCore

/// How a leader serves one Fetch (Kafka's `FetchContext`), decided by `FetchSessionCache` from
/// the request's session fields before anything is read.
enum FetchContext: Hashable, Sendable {
    /// No session (Kafka's `SessionlessFetchContext`): the request's partitions are read and
    /// all answered.
    case sessionless
    /// A full fetch asking for a session (Kafka's `FullFetchContext`): all partitions answered,
    /// and a session is created from them when the answer goes out (if the cache has room).
    case full
    /// An incremental fetch (Kafka's `IncrementalFetchContext`): every partition of the
    /// session is read, and only those with news are answered. `epoch` is the session's epoch
    /// after this request; if it moved on by the time of the answer, the answer is an error.
    case incremental(sessionID: Int32, epoch: Int32)
    /// A session error (Kafka's `SessionErrorContext`), answered at once with no partitions.
    case error(KafkaError)
}
