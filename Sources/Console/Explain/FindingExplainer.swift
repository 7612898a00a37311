import ClusterModel
import TerminalUI

/// A checker's finding in full: what it names (records, partition, offsets), the fault in
/// effect, and what the kind of finding means for the data.
enum FindingExplainer {
    /// The row identity of `finding` in the findings list (`F`, `:findings`).
    static func rowID(_ finding: CheckSummary.Finding) -> String {
        "finding:\(finding.instant.microseconds) \(finding.kind.rawValue) \(finding.text)"
    }

    static func lines(_ finding: CheckSummary.Finding) -> [ExplainLine] {
        [
            .heading("\(finding.kind.label), found at \(finding.instant)"),
            .item(finding.text, .critical),
            .item(finding.fault.map { "After \($0)." } ?? "No fault of the scenario was in effect.", .muted),
            .blank, .heading("What it means"), .item(meaning(of: finding.kind)),
        ]
    }

    static func meaning(of kind: CheckSummary.Kind) -> String {
        switch kind {
        case .lost:
            "The producer was told these records were written (acknowledged), and the partition's leader no longer "
                + "has them below its high watermark: another record is at their offset, or none is. With acks=all and "
                + "a clean election this cannot happen; acks=1 (the leader alone had them) and unclean leader election "
                + "(an out-of-sync replica leads) lose data this way."
        case .duplicated:
            "A producer's record is in the log more than once: a retry of a write whose answer was lost, without "
                + "idempotence (enable.idempotence=false, or acks other than all)."
        case .skipped:
            "The group read past these offsets without reading them, although the log has records there: those "
                + "records were never processed."
        case .nonMonotonic:
            "A consumer read an offset at or below one it had already read, in the same generation of its group and "
                + "without an offset reset: its position went backwards."
        case .inconsistent:
            "Two replicas in the ISR hold different batches below the high watermark: committed data depends on "
                + "which replica leads."
        case .invariant:
            "One of Kafka's replication invariants broke (one leader per epoch, the high watermark never going "
                + "down, ISR members holding the high watermark…): the simulation has a bug."
        }
    }
}
