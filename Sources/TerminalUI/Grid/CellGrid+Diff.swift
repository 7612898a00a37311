/// A horizontal run of changed cells that share one role: what a backend draws in one call.
public struct CellRun: Hashable, Sendable {
    public var x: Int
    public var y: Int
    /// The characters to draw; wide characters appear once and cover two columns.
    public var scalars: [Unicode.Scalar]
    /// The columns the run covers on screen.
    public var width: Int
    public var role: StyleRole

    public init(x: Int, y: Int, scalars: [Unicode.Scalar], width: Int, role: StyleRole) {
        self.x = x
        self.y = y
        self.scalars = scalars
        self.width = width
        self.role = role
    }
}

extension CellGrid {
    /// The runs that turn `old` into `self`. With no previous frame (or one of another size)
    /// every cell is part of a run, so the result repaints the whole screen.
    ///
    /// Continuation cells are never part of a run on their own: the terminal advances two
    /// columns for a wide character, so the run that draws the wide character covers both.
    public func runs(since old: CellGrid?) -> [CellRun] {
        let previous = old.flatMap { $0.size == size ? $0 : nil }
        var result: [CellRun] = []
        for y in 0..<height {
            var current: CellRun?
            var x = 0
            while x < width {
                let cell = self[x, y]
                let wide = x + 1 < width && self[x + 1, y].isContinuation
                let columns = wide ? 2 : 1
                let changed =
                    previous.map { old in
                        (x..<(x + columns)).contains { old[$0, y] != self[$0, y] }
                    } ?? true
                if cell.isContinuation {
                    // An orphaned continuation (its head was overwritten in a way that left it)
                    // cannot happen through `put`; treat it as a blank to stay safe.
                    if changed { append(" ", x: x, y: y, columns: 1, role: cell.role, to: &current, result: &result) }
                } else if changed {
                    append(cell.scalar, x: x, y: y, columns: columns, role: cell.role, to: &current, result: &result)
                } else if let run = current {
                    result.append(run)
                    current = nil
                }
                x += columns
            }
            if let run = current { result.append(run) }
        }
        return result
    }

    private func append(
        _ scalar: Unicode.Scalar, x: Int, y: Int, columns: Int, role: StyleRole, to current: inout CellRun?,
        result: inout [CellRun]
    ) {
        if var run = current, run.role == role, run.x + run.width == x {
            run.scalars.append(scalar)
            run.width += columns
            current = run
            return
        }
        if let run = current { result.append(run) }
        current = CellRun(x: x, y: y, scalars: [scalar], width: columns, role: role)
    }
}
