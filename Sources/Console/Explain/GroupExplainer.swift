import ClusterModel
import TerminalUI

/// A consumer group's state and generation, its lag per partition with the Burrow rule behind
/// each status, and its last rebalance.
enum GroupExplainer {
    static func lines(_ group: GroupSnapshot, snapshot: ClusterSnapshot) -> [ExplainLine] {
        var lines: [ExplainLine] = [
            .heading(
                "group \(group.groupID) is \(group.state), generation \(group.generation), status \(group.status.label)"
            ),
            .item(stateMeaning(group.state), group.state == "Stable" ? .healthy : .warning),
        ]
        let coordinator = group.coordinator.map { "broker \($0.rawValue)" } ?? "unknown"
        lines.append(
            .item(
                "\(group.members.count) member(s), assignor \(group.protocolName ?? "none yet"), coordinator "
                    + "\(coordinator) (the leader of its __consumer_offsets partition)."))
        for member in group.members {
            let owned = member.assignment.map(\.description)
            lines.append(.item("  \(member.clientID): \(Explainer.list(owned))", .muted))
        }
        lines.append(.blank)
        lines.append(.heading("Lag: \(group.totalLag) messages (high watermark − committed offset, summed)"))
        if let seconds = group.lagSeconds {
            let drain =
                group.timeToDrain.map { $0 == .zero ? "nothing to drain" : "drains in about \($0)" }
                ?? "not draining: records arrive faster than the group commits them"
            lines.append(
                .item(
                    "≈ \(Int(seconds.rounded())) s of consumption at \(Int(group.consumeRate.rounded())) records/s; "
                        + "\(Int(group.arriveRate.rounded())) records/s arrive; \(drain)."))
        }
        for partition in group.partitions {
            let highWatermark = partition.highWatermark.map { "\($0.rawValue)" } ?? "unknown"
            let role: StyleRole = partition.status == .ok ? .text : partition.status == .warn ? .warning : .critical
            lines.append(
                .item(
                    "\(partition.topicPartition): committed \(partition.committedOffset.rawValue), high watermark "
                        + "\(highWatermark), lag \(partition.lag.map(String.init) ?? "?") — \(partition.status.label)",
                    role))
        }
        lines.append(.blank)
        lines.append(
            .heading("Why \(group.status.label) (Burrow's rules over the last \(LagEvaluator.windowSize) commits)"))
        lines.append(.item(rule(group.status), group.status == .ok ? .healthy : .warning))
        if group.status == .error {
            lines.append(
                .item(
                    "A group is as bad as its worst partition, and anything worse than WARN (STOP, STALL, REWIND) "
                        + "makes the whole group ERR, as Burrow reports it.", .critical))
        }
        if let rebalance = group.rebalances.last {
            lines.append(.blank)
            lines.append(.heading("Last rebalance: generation \(rebalance.generation) at \(rebalance.startedAt)"))
            lines.append(.item("Cause: \(rebalance.cause ?? group.rebalanceCause ?? "unknown")"))
            if !rebalance.joined.isEmpty || !rebalance.left.isEmpty {
                lines.append(
                    .item(
                        "Joined: \(Explainer.list(rebalance.joined)); left: \(Explainer.list(rebalance.left))", .muted))
            }
            let pause = rebalance.pause.map { "consumption paused for \($0)" } ?? "still rebalancing"
            lines.append(.item("\(pause); \(rebalance.movedPartitions) partition(s) changed owner.", .muted))
        } else if let cause = group.rebalanceCause {
            lines.append(.blank)
            lines.append(.heading("Last rebalance"))
            lines.append(.item("Cause: \(cause)"))
        }
        return lines
    }

    static func stateMeaning(_ state: String) -> String {
        switch state {
        case "Stable": "Stable: every member has its partitions and consumes."
        case "PreparingRebalance":
            "PreparingRebalance: the coordinator waits for every member to rejoin; nobody consumes meanwhile."
        case "CompletingRebalance":
            "CompletingRebalance: the leader member computes the assignment; the others wait for it."
        case "Empty": "Empty: no members; its committed offsets stay until offsets.retention.minutes passes."
        case "Dead": "Dead: the group is gone (its offsets were removed)."
        default: "\(state)."
        }
    }

    static func rule(_ status: LagStatus) -> String {
        switch status {
        case .ok:
            "OK: there is no lag now, or one of the recent commits caught up completely (lag 0), or the lag went "
                + "down across the window."
        case .warn:
            "WARN: the consumer keeps committing, but the lag went up (or stayed) at every commit in the window: "
                + "it is too slow for the rate records arrive."
        case .stall:
            "STALL: the same offset was committed again and again while there is lag: the consumer is alive but "
                + "not making progress."
        case .stop:
            "STOP: no commit for longer than the whole window spans: the consumer stopped committing."
        case .rewind:
            "REWIND: a committed offset went below an earlier one (an offset reset, or a consumer that "
                + "restarted from an old position)."
        case .error:
            "ERR: a partition is STOP, STALL or REWIND, or the group's coordinator cannot be read."
        }
    }
}
