import KafkaCore

extension ScenarioReport {
    /// The drill scorecard for a terminal: the verdict first, then what happened and what it cost,
    /// with small charts of throughput and lag.
    public var text: String {
        var lines: [String] = []
        lines.append("scenario: \(scenario) — \(title)")
        lines.append("source: \(source)   seed: \(seed)   ran: \(ScenarioRun.seconds(duration)) of virtual time")
        if let setupFailure {
            lines.append("SETUP FAILED: \(setupFailure)")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("")
        lines.append("timeline")
        for entry in log {
            let marker: String
            switch entry.kind {
            case .narration: marker = "  say"
            case .action: marker = "  ▶"
            case .heal: marker = "  ↺"
            case .skipped: marker = "  ∅"
            }
            let line = entry.line > 0 ? " (line \(entry.line))" : ""
            lines.append("\(marker) \(Self.clock(entry.at))  \(entry.text)\(line)")
        }
        lines.append("")
        lines.append("availability")
        let affected = partitions.filter { $0.outages > 0 }
        if affected.isEmpty {
            lines.append("  every partition kept a leader throughout")
        }
        for partition in affected {
            lines.append(
                "  \(partition.partition): leader lost \(partition.outages)×, recovered in "
                    + "\(ScenarioRun.seconds(partition.longestOutage)) at worst"
                    + (partition.hasLeaderAtEnd ? "" : " — STILL WITHOUT A LEADER"))
        }
        lines.append("  unavailable partition-seconds: \(ScenarioRun.seconds(unavailable))")
        if offline.contains(where: { $0 > 0 }) {
            lines.append("  offline partitions  \(Self.sparkline(offline.map(Int64.init)))")
        }
        lines += controllerLines()
        lines.append("")
        lines.append("producers")
        for producer in producers {
            var line =
                "  \(producer.name): \(producer.sent) sent, \(producer.acknowledged) acknowledged, "
                + "\(producer.failed) failed, \(producer.retries) retried requests, "
                + "\(producer.requestTimeouts) timeouts"
            if !producer.failures.isEmpty {
                let reasons = producer.failures.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }
                line += " (\(reasons.joined(separator: ", ")))"
            }
            lines.append(line)
            if let start = producer.longestStallStart, producer.longestStall >= .seconds(1) {
                lines.append(
                    "    longest produce stall: \(ScenarioRun.seconds(producer.longestStall)) from \(Self.clock(start)) "
                        + "(records waiting, no acknowledgement at all)")
            }
            if let stall = producer.longestPartitionStall, stall.length >= .seconds(1) {
                lines.append(
                    "    longest partition stall: \(stall.partition) \(ScenarioRun.seconds(stall.length)) from "
                        + "\(Self.clock(stall.start)) (no acknowledgement for it)")
            }
        }
        if !throughput.isEmpty {
            lines.append(
                "  acknowledged/s  \(Self.sparkline(throughput.map(Int64.init)))  peak \(throughput.max() ?? 0)")
        }
        if !groups.isEmpty {
            lines.append("")
            lines.append("consumer groups")
        }
        for group in groups {
            let drain = group.timeToDrain.map { ScenarioRun.seconds($0) } ?? "not drained by the end"
            lines.append(
                "  \(group.name): \(group.consumed) consumed, peak lag \(group.peakLag) at "
                    + "\(Self.clock(group.peakAt)), drained in \(drain), lag at end \(group.finalLag), "
                    + "\(group.rebalances) rebalance(s)")
            if !group.lag.isEmpty { lines.append("    lag  \(Self.sparkline(group.lag))") }
        }
        lines.append("")
        lines.append("durability")
        lines.append("  acknowledged records lost: \(lostCount)")
        for entry in lost { lines.append("    \(entry)") }
        lines.append("  records in the log more than once: \(duplicateCount)")
        for entry in duplicates { lines.append("    \(entry)") }
        lines.append("  checker findings: \(findings.count)")
        for finding in findings.prefix(Self.detailLimit) { lines.append("    \(finding)") }
        lines.append("")
        lines.append("expectations")
        if expectations.isEmpty { lines.append("  (none)") }
        for expectation in expectations {
            lines.append(
                "  \(expectation.passed ? "PASS" : "FAIL")  line \(expectation.line): \(expectation.text) — "
                    + expectation.detail)
        }
        lines.append("")
        lines.append("events: \(events)   digest: \(digest)")
        lines.append(passed ? "result: PASSED" : "result: FAILED")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Who was the active controller when, and how many elected leaders moved: metadata
    /// availability, next to what the producers saw.
    private func controllerLines() -> [String] {
        var lines: [String] = []
        let changes = controllerChanges.map { change in
            "\(change.controller.map { "\($0)" } ?? "none (election)") from \(Self.clock(change.at))"
        }
        if !changes.isEmpty { lines.append("  active controller: \(changes.joined(separator: "; "))") }
        guard !leaderMoves.isEmpty else {
            lines.append("  leader moves: 0")
            return lines
        }
        let shown = leaderMoves.prefix(Self.detailLimit).map { move in
            "\(move.partition) \(move.from.rawValue)→\(move.to.rawValue) at \(Self.clock(move.at))"
        }
        let more = leaderMoves.count > Self.detailLimit ? ", …" : ""
        lines.append("  leader moves: \(leaderMoves.count) (\(shown.joined(separator: ", "))\(more))")
        return lines
    }

    /// `m:ss` for a time since the start of the run.
    public static func clock(_ duration: Duration) -> String {
        let seconds = max(0, duration.microseconds / 1_000_000)
        let rest = seconds % 60
        return "\(seconds / 60):\(rest < 10 ? "0" : "")\(rest)"
    }

    /// A one-line chart of `values`, at most `width` wide (averaged into buckets).
    static func sparkline(_ values: [Int64], width: Int = 60) -> String {
        guard !values.isEmpty else { return "" }
        let bucket = max(1, (values.count + width - 1) / width)
        var points: [Int64] = []
        var index = 0
        while index < values.count {
            let slice = values[index..<min(values.count, index + bucket)]
            points.append(slice.max() ?? 0)
            index += bucket
        }
        let bars = Array("▁▂▃▄▅▆▇█")
        let top = max(1, points.max() ?? 1)
        return String(points.map { $0 <= 0 ? " " : bars[min(bars.count - 1, Int($0 * Int64(bars.count - 1) / top))] })
    }
}
