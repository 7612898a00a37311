/// One measured figure, printed as `name value unit` (one per line, easy to grep and plot).
struct BenchFigure: Hashable, Sendable {
    var name: String
    var value: Double
    var unit: String

    var line: String { "\(name) \(Self.format(value)) \(unit)" }

    /// Whole numbers for big figures, three significant decimals for ratios.
    static func format(_ value: Double) -> String {
        if value.magnitude >= 100 { return String(Int64(value.rounded())) }
        let scaled = (value * 1000).rounded() / 1000
        return String(scaled)
    }

    /// The median of each figure over several runs, in the order of the first run.
    static func medians(_ runs: [[BenchFigure]]) -> [BenchFigure] {
        guard let first = runs.first else { return [] }
        return first.map { figure in
            let values = runs.compactMap { run in run.first { $0.name == figure.name }?.value }.sorted()
            let middle = values.count / 2
            let median = values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
            return BenchFigure(name: figure.name, value: median, unit: figure.unit)
        }
    }
}
