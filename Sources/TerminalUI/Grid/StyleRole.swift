/// What a cell means, not how it looks: a theme maps each role to colours and attributes.
///
/// Screens only ever name roles, so a theme (or a monochrome terminal) can restyle the whole
/// console without touching a screen. The raw values are the role names in theme files.
public enum StyleRole: String, Hashable, Sendable, CaseIterable {
    /// Ordinary text.
    case text
    /// Secondary text: units, hints, empty-state messages.
    case muted
    /// Panel frames.
    case border
    /// Panel titles.
    case title
    /// The selected row or item.
    case selection
    /// Good state: in sync, healthy, caught up.
    case healthy
    /// Needs attention: under-replicated, lag growing, a warning message.
    case warning
    /// Broken: under min ISR, errors, lost writes.
    case critical
    /// Gone: offline partitions, stopped brokers.
    case offline
    /// A partition leader.
    case leader
    /// A partition follower.
    case follower
    /// Emphasis that carries no judgement: the product name, numbers to notice.
    case accent
    /// The header bar.
    case header
    /// The footer bar.
    case footer
    /// Key names in hints and help (`q`, `?`).
    case key
}
