import Foundation
import KafkaCore
import Scenarios
import Testing

@testable import Simulation

@Suite("Scenario runs")
struct ScenarioRunTests {
    /// The quickest library drills, run here in the debug build; `.ci/run` runs the whole library
    /// with the release binary (`Tests/Scripts/run_library.sh`), where it takes about two minutes.
    static let quickDrills = ["controller-loss", "acks-one-vs-all", "unclean-election", "leader-loss"]

    @Test("the quickest library drills pass their expectations", arguments: quickDrills)
    func libraryScenario(name: String) throws {
        let scenario = try #require(ScenarioLibrary.named(name)).parse()
        var run = ScenarioRun(scenario)
        run.runToEnd()
        let report = run.report()
        print("seed: \(report.seed)\n\(report.text)")
        #expect(report.passed, "\(report.text)")
    }

    static let drill = """
        scenario tiny-drill
        title "A short drill for the runner's own tests"
        duration 40s
        brokers 3
        topic events partitions 3 rf 3 min.insync 2
        producer writer topic events rate 100/s keys uniform 50 acks all
        group readers topic events members 2
        at 10s kill leader of events-1 for 15s
        at 12s crash-consumer readers for 10s
        at 30s set-rate writer 200/s
        expect no-loss
        expect no-duplicates
        expect leader events-1 within 15s
        """

    @Test("a run is a function of its seed: the same digest and scorecard twice, another seed differs")
    func determinism() throws {
        let scenario = try ScenarioParser.parse(Self.drill, file: "tiny.scenario")
        var first = ScenarioRun(scenario, seed: 42)
        first.runToEnd()
        var second = ScenarioRun(scenario, seed: 42)
        second.runToEnd()
        var other = ScenarioRun(scenario, seed: 43)
        other.runToEnd()
        let (a, b, c) = (first.report(), second.report(), other.report())
        print("seed: 42\n\(a.text)")
        #expect(a.digest == b.digest)
        #expect(a.text == b.text)
        #expect(a.json == b.json)
        #expect(a.digest != c.digest)
        #expect(a.passed, "\(a.text)")
        #expect(a.log.contains { $0.text.contains("killed (kill -9)") })
        #expect(a.log.contains { $0.text.contains("readers-2 crashed") })
        #expect(a.log.contains { $0.text.contains("readers-2 restarted") })
        #expect(a.producers.first?.acknowledged ?? 0 > 3000)
    }

    @Test("a disk fault on file-backed logs stops the run at setup with the line that asked for it")
    func diskFaultNeedsSimulatedStorage() throws {
        let text = Self.drill.replacingOccurrences(
            of: "at 30s set-rate writer 200/s", with: "at 30s disk-full broker 2")
        let scenario = try ScenarioParser.parse(text, file: "disk.scenario")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "flightdeck-disk-\(UInt64.random(in: 0..<UInt64.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        var run = ScenarioRun(scenario, seed: 1, storage: .files(root: directory.path))
        run.runToEnd()
        let report = run.report()
        #expect(!report.passed)
        #expect(report.setupFailure?.contains("line 10: disk-full needs the simulated storage") == true)
    }

    @Test("the value of every record names its producer and sequence, and reads back")
    func recordIdentity() {
        let spec = ProducerSpec(name: "writer", topic: "events", recordsPerSecond: 1, valueBytes: 40)
        let value = ScenarioRun.value(of: spec, sequence: 1234)
        #expect(value.count == 40)
        #expect(ScenarioRun.identity(of: value)?.producer == "writer")
        #expect(ScenarioRun.identity(of: value)?.sequence == 1234)
        #expect(ScenarioRun.identity(of: Array("no identity".utf8)) == nil)
    }

    @Test(
        "a value's sequence read in place agrees with identity(of:)",
        arguments: [
            "writer#1234|....", "w#0|", "w#-17|x", "w#+5|", "w#|", "w#-|", "w#12", "nohash|", "a#b#3|", "w#12a|",
            "w#9223372036854775807|", "w#9223372036854775808|", "w#-9223372036854775808|", "w#-9223372036854775809|",
            "#7|", "w#3|#4|", "w#+-5|", "w#5-|", "w#1|2|", "w##1|", "w#-", "w#+",
        ])
    func sequenceInPlace(text: String) {
        let value = Array(text.utf8)
        #expect(value.withUnsafeBytes { ScenarioRun.sequence(in: $0) } == ScenarioRun.identity(of: value)?.sequence)
    }

    @Test("a batch's sequences are read in place, as decoding its records reads them")
    func batchSequences() throws {
        let spec = ProducerSpec(name: "writer", topic: "events", recordsPerSecond: 1, valueBytes: 30)
        var builder = RecordBatchBuilder()
        for sequence in [3, 4, 9] {
            builder.append(timestamp: 0, key: nil, value: ScenarioRun.value(of: spec, sequence: sequence))
        }
        builder.append(timestamp: 0, key: nil, value: nil)
        builder.append(timestamp: 0, key: nil, value: Array("other".utf8))
        let batch = builder.build()
        let decoded = try batch.records().map { $0.value.flatMap(ScenarioRun.identity)?.sequence }
        #expect(ScenarioRun.sequences(in: batch) == decoded)
        #expect(decoded == [3, 4, 9, nil, nil])
    }

    @Test("final logs read records in place, as decoding them and identity(of:) would, names as strings compare")
    func finalLogRecords() {
        var builder = RecordBatchBuilder(baseOffset: Offset(10), partitionLeaderEpoch: LeaderEpoch(0))
        let values = [
            "writer#3|..", "other#4|", "writer#5|", "writer#6|", "writer#x|", "writerx#8|", "wri#9|", "writer#10|",
            "no identity", "caf\u{E9}#6|", "cafe\u{301}#7|", "writer#x|",
        ]
        for value in values { builder.append(timestamp: 0, key: nil, value: Array(value.utf8)) }
        builder.append(timestamp: 0, key: nil, value: nil)
        let batch = builder.build()
        var logs = FinalLogs()
        logs.identities["writer"] = 0
        logs.names = ["writer"]
        var records: [FinalRecord] = []
        RecordBatch.forEachBatch(in: batch.bytes) { view in
            logs.append(view, to: &records)
            return true
        }
        let expected = (try? batch.records())?.compactMap { record -> (Int64, String, Int)? in
            guard let value = record.value, let identity = ScenarioRun.identity(of: value) else { return nil }
            return (batch.offset(of: record).rawValue, identity.producer, identity.sequence)
        }
        #expect(records.map(\.offset) == expected?.map(\.0))
        #expect(records.map { logs.names[Int($0.producer)] } == expected?.map(\.1))
        #expect(records.map(\.sequence) == expected?.map(\.2))
        // "café" spelled two ways is one name, as the strings are equal.
        // A value after one of the last name's, with a longer name or a broken sequence, is not
        // taken for that name's.
        #expect(records.map(\.producer) == [0, 1, 0, 0, 2, 3, 0, 4, 4])
        #expect(logs.names == ["writer", "other", "writerx", "wri", "caf\u{E9}"])
    }

    @Test(
        "record values and keys spell their numbers as their descriptions do",
        arguments: [0, 7, 10, 1234, -17, .max, .min])
    func valueAndKeyText(number: Int) {
        let padded = ProducerSpec(name: "writer", topic: "events", recordsPerSecond: 1, valueBytes: 40)
        let expected = "writer#\(number)|"
        #expect(
            ScenarioRun.value(of: padded, sequence: number)
                == Array(expected.utf8) + Array(repeating: UInt8(ascii: "."), count: max(0, 40 - expected.utf8.count)))
        let short = ProducerSpec(name: "writer", topic: "events", recordsPerSecond: 1, valueBytes: 3)
        #expect(ScenarioRun.value(of: short, sequence: number) == Array(expected.utf8))
        #expect(ScenarioRun.bytes("key-", number) == Array("key-\(number)".utf8))
    }
}
