import KafkaCore

extension ScenarioReport {
    /// The scorecard as one JSON object (`flightdeck run --report json`), for CI and dashboards.
    /// Durations are in seconds; keys are stable and documented in `Docs/SCENARIOS.md`.
    public var json: String {
        var object = JSONObject()
        object["scenario"] = .string(scenario)
        object["title"] = .string(title)
        object["source"] = .string(source)
        object["seed"] = .number("\(seed)")
        object["passed"] = .bool(passed)
        object["duration_s"] = .seconds(duration)
        if let setupFailure { object["setup_failure"] = .string(setupFailure) }
        object["timeline"] = .array(
            log.map { entry in
                var line = JSONObject()
                line["at_s"] = .seconds(entry.at)
                line["line"] = .number("\(entry.line)")
                switch entry.kind {
                case .narration: line["kind"] = .string("say")
                case .action: line["kind"] = .string("action")
                case .heal: line["kind"] = .string("heal")
                case .skipped: line["kind"] = .string("skipped")
                }
                line["text"] = .string(entry.text)
                return .object(line)
            })
        object["unavailable_partition_s"] = .seconds(unavailable)
        object["partitions"] = .array(
            partitions.map { partition in
                var line = JSONObject()
                line["partition"] = .string(partition.partition.description)
                line["outages"] = .number("\(partition.outages)")
                line["longest_outage_s"] = .seconds(partition.longestOutage)
                line["unavailable_s"] = .seconds(partition.unavailable)
                line["leader_at_end"] = .bool(partition.hasLeaderAtEnd)
                line["isr_shrank"] = .bool(partition.isrShrank)
                return .object(line)
            })
        object["controller_changes"] = .array(
            controllerChanges.map { change in
                var line = JSONObject()
                line["at_s"] = .seconds(change.at)
                line["controller"] = change.controller.map { .number("\($0.rawValue)") } ?? .null
                return .object(line)
            })
        object["leader_moves"] = .array(
            leaderMoves.map { move in
                var line = JSONObject()
                line["partition"] = .string(move.partition.description)
                line["at_s"] = .seconds(move.at)
                line["from"] = .number("\(move.from.rawValue)")
                line["to"] = .number("\(move.to.rawValue)")
                return .object(line)
            })
        object["producers"] = .array(
            producers.map { producer in
                var line = JSONObject()
                line["name"] = .string(producer.name)
                line["sent"] = .number("\(producer.sent)")
                line["acknowledged"] = .number("\(producer.acknowledged)")
                line["failed"] = .number("\(producer.failed)")
                line["retried_requests"] = .number("\(producer.retries)")
                line["request_timeouts"] = .number("\(producer.requestTimeouts)")
                var failures = JSONObject()
                for (error, count) in producer.failures.sorted(by: { $0.key < $1.key }) {
                    failures[error] = .number("\(count)")
                }
                line["failures"] = .object(failures)
                line["lost"] = .number("\(producer.lost)")
                line["duplicates"] = .number("\(producer.duplicates)")
                line["longest_stall_s"] = .seconds(producer.longestStall)
                line["longest_stall_at_s"] = producer.longestStallStart.map(JSONValue.seconds) ?? .null
                if let stall = producer.longestPartitionStall {
                    var partition = JSONObject()
                    partition["partition"] = .string(stall.partition.description)
                    partition["at_s"] = .seconds(stall.start)
                    partition["length_s"] = .seconds(stall.length)
                    line["longest_partition_stall"] = .object(partition)
                } else {
                    line["longest_partition_stall"] = .null
                }
                return .object(line)
            })
        object["groups"] = .array(
            groups.map { group in
                var line = JSONObject()
                line["name"] = .string(group.name)
                line["consumed"] = .number("\(group.consumed)")
                line["peak_lag"] = .number("\(group.peakLag)")
                line["peak_at_s"] = .seconds(group.peakAt)
                line["time_to_drain_s"] = group.timeToDrain.map(JSONValue.seconds) ?? .null
                line["final_lag"] = .number("\(group.finalLag)")
                line["rebalances"] = .number("\(group.rebalances)")
                line["lag_per_second"] = .array(group.lag.map { .number("\($0)") })
                return .object(line)
            })
        object["lost"] = .number("\(lostCount)")
        object["lost_records"] = .array(lost.map(JSONValue.string))
        object["duplicates"] = .number("\(duplicateCount)")
        object["duplicate_records"] = .array(duplicates.map(JSONValue.string))
        object["findings"] = .array(findings.map(JSONValue.string))
        object["expectations"] = .array(
            expectations.map { expectation in
                var line = JSONObject()
                line["line"] = .number("\(expectation.line)")
                line["expectation"] = .string(expectation.text)
                line["passed"] = .bool(expectation.passed)
                line["detail"] = .string(expectation.detail)
                return .object(line)
            })
        object["acknowledged_per_second"] = .array(throughput.map { .number("\($0)") })
        object["offline_partitions_per_second"] = .array(offline.map { .number("\($0)") })
        object["events"] = .number("\(events)")
        object["digest"] = .string(digest)
        return JSONValue.object(object).rendered + "\n"
    }
}

/// Keys in insertion order, so the JSON is the same bytes every run.
struct JSONObject {
    private(set) var entries: [(String, JSONValue)] = []

    subscript(key: String) -> JSONValue? {
        get { entries.first { $0.0 == key }?.1 }
        set {
            entries.removeAll { $0.0 == key }
            if let newValue { entries.append((key, newValue)) }
        }
    }
}

indirect enum JSONValue {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object(JSONObject)

    static func seconds(_ duration: Duration) -> JSONValue {
        let milliseconds = duration.microseconds / 1000
        let sign = milliseconds < 0 ? "-" : ""
        let magnitude = abs(milliseconds)
        let fraction = magnitude % 1000
        let padded = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        return .number("\(sign)\(magnitude / 1000).\(padded)")
    }

    var rendered: String {
        switch self {
        case .string(let text): Self.quote(text)
        case .number(let text): text
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .array(let values): "[" + values.map(\.rendered).joined(separator: ",") + "]"
        case .object(let object):
            "{" + object.entries.map { Self.quote($0.0) + ":" + $0.1.rendered }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
