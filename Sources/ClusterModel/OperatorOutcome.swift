/// What became of an operator's command (`kill 2`, `isolate 1 for 30s`) the console handed to
/// the cluster.
public enum OperatorOutcome: Hashable, Sendable {
    /// It ran; the words say what it did ("broker 2 killed (kill -9)").
    case performed(String)
    /// It could not run: a mistake in it, or a cluster that cannot take it now. One line.
    case failed(String)
    /// It is destructive: the preview of what it will do, to confirm with `y` before it runs.
    case needsConfirmation(BlastRadius)
}
