/// How much of a split one slice asks for.
public enum LayoutConstraint: Hashable, Sendable {
    /// Exactly this many cells (less if the space runs out).
    case fixed(Int)
    /// A share of what is left after fixed and minimum slices, by weight.
    case fill(weight: Int = 1)
    /// At least this many cells, then a share of the rest like `fill(weight: 1)`.
    case minimum(Int)
    /// This percentage of the whole extent (rounded down).
    case percent(Int)
}

/// The direction of a split.
public enum Axis: Hashable, Sendable {
    /// Slices stacked top to bottom (rows).
    case vertical
    /// Slices side by side left to right (columns).
    case horizontal
}

/// Splits rectangles into slices, the way every panel layout of the console is built.
///
/// Fixed and percentage slices are served first, in order, until space runs out; minimums next;
/// what remains is shared between fill and minimum slices by weight, the remainder cells going
/// to the earliest slices so the result always tiles the rectangle exactly.
public enum Layout {
    public static func split(_ rect: Rect, _ axis: Axis, _ constraints: [LayoutConstraint], gap: Int = 0) -> [Rect] {
        guard !constraints.isEmpty else { return [] }
        let gaps = gap * (constraints.count - 1)
        let total = max(0, (axis == .vertical ? rect.height : rect.width) - gaps)
        let lengths = lengths(for: constraints, total: total)
        var slices: [Rect] = []
        var position = axis == .vertical ? rect.y : rect.x
        for length in lengths {
            switch axis {
            case .vertical:
                slices.append(Rect(x: rect.x, y: position, width: rect.width, height: length))
            case .horizontal:
                slices.append(Rect(x: position, y: rect.y, width: length, height: rect.height))
            }
            position += length + gap
        }
        return slices
    }

    /// The length of each slice for `total` cells; the lengths sum to `total` whenever at least
    /// one slice can grow (fill or minimum), and never exceed it.
    public static func lengths(for constraints: [LayoutConstraint], total: Int) -> [Int] {
        var lengths = Array(repeating: 0, count: constraints.count)
        var remaining = total
        for (i, constraint) in constraints.enumerated() {
            let wanted: Int
            switch constraint {
            case .fixed(let cells): wanted = max(0, cells)
            case .percent(let percent): wanted = max(0, total * min(100, percent) / 100)
            case .fill, .minimum: continue
            }
            lengths[i] = min(wanted, remaining)
            remaining -= lengths[i]
        }
        for (i, constraint) in constraints.enumerated() {
            if case .minimum(let cells) = constraint {
                lengths[i] = min(max(0, cells), remaining)
                remaining -= lengths[i]
            }
        }
        let weights = constraints.map { constraint -> Int in
            switch constraint {
            case .fill(let weight): max(0, weight)
            case .minimum: 1
            case .fixed, .percent: 0
            }
        }
        let totalWeight = weights.reduce(0, +)
        guard totalWeight > 0, remaining > 0 else { return lengths }
        var shared = 0
        for i in lengths.indices where weights[i] > 0 {
            let share = remaining * weights[i] / totalWeight
            lengths[i] += share
            shared += share
        }
        var leftover = remaining - shared
        for i in lengths.indices where weights[i] > 0 && leftover > 0 {
            lengths[i] += 1
            leftover -= 1
        }
        return lengths
    }
}
