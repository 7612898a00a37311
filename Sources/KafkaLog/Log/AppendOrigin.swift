/// Who is appending as leader, which decides the checks (Kafka's `AppendOrigin`).
public enum AppendOrigin: Hashable, Sendable {
    /// A producer: base offset 0, no control batches.
    case client
    /// A coordinator on this broker (group or transaction coordinator): may write control batches.
    case coordinator
}
