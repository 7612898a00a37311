import Testing

@testable import Scenarios

@Suite struct ScenarioDiagnosticTests {
    /// One mistake after `declarations` (lines 1-6), on line 7: where it is reported and what is said.
    struct Case: Sendable, CustomTestStringConvertible {
        var line: String
        var column: Int
        var message: String
        var hint: String?

        var testDescription: String { line }
    }

    @Test(
        "each mistake is reported at its line and column, with what was expected and a hint",
        arguments: [
            Case(
                line: "at 10s kil broker 1", column: 8, message: "unknown action 'kil' — did you mean 'kill'?",
                hint: "actions: " + ScenarioReader.actions.joined(separator: ", ")),
            Case(
                line: "tpoic payments", column: 1, message: "unknown directive 'tpoic' — did you mean 'topic'?",
                hint: "a line starts with one of: " + ScenarioParser.directives.joined(separator: ", ")),
            Case(
                line: "at 10 kill broker 1", column: 4,
                message: "expected a time after 'at', like 30s — got '10'",
                hint: "add a unit: '10s' (units: us, ms, s, m, h, d)"),
            Case(
                line: "at 10s kill broker 4", column: 20,
                message: "there is no broker 4: the cluster has brokers 1 to 3", hint: "raise 'brokers' to use more"),
            Case(
                line: "at 10s kill leader of order-0", column: 23,
                message: "unknown topic 'order' — did you mean 'orders'?", hint: "declared topics: orders"),
            Case(
                line: "at 10s kill leader of orders-6", column: 23,
                message: "topic 'orders' has no partition 6: it has partitions 0 to 5"),
            Case(
                line: "at 10s kill leader of orders", column: 23,
                message: "'orders' is a topic; name one of its partitions", hint: "like orders-0 (partitions 0 to 5)"),
            Case(
                line: "at 10s kill the leader", column: 13, message: "expected a broker — got 'the'",
                hint: ScenarioReader.targetHint),
            Case(
                line: "at 10s kill lader of orders-0", column: 13,
                message: "expected a broker — got 'lader' — did you mean 'leader'?", hint: ScenarioReader.targetHint),
            Case(
                line: "at 10s kill", column: 12, message: "expected a broker after 'kill'",
                hint: ScenarioReader.targetHint),
            Case(
                line: "at 6m kill broker 1", column: 4, message: "the step happens at 6m, after the run ends at 5m",
                hint: "move it earlier or make the run longer ('duration' on line 2)"),
            Case(
                line: "at 4m kill broker 1 for 2m", column: 21,
                message: "the fault heals at 6m, after the run ends at 5m",
                hint: "move it earlier or make the run longer ('duration' on line 2)"),
            Case(
                line: "at 1m pause broker 1", column: 21, message: "'pause' needs 'for D': how long it lasts",
                hint: "like: at 1m pause broker 2 for 10s"),
            Case(
                line: "at 1m heal for 10s", column: 12, message: "'heal' takes no 'for': it does not undo itself",
                hint: "faults that heal themselves: kill, stop, power-loss, pause, isolate, partition, latency, "
                    + "packet-loss, bandwidth, slow-disk, disk-full, io-errors, crash-consumer, close-consumer, "
                    + "crash-producer, set-rate, set-acks"),
            Case(
                line: "at 1m kill broker 1 broker 2", column: 21, message: "unexpected 'broker' after '1'",
                hint: "one action per 'at' line; put the next one on its own line"),
            Case(
                line: "at 1m crash-consumer inventroy", column: 22,
                message: "unknown group 'inventroy' — did you mean 'inventory'?", hint: "declared groups: inventory"),
            Case(
                line: "at 1m crash-producer order-servce", column: 22,
                message: "unknown producer 'order-servce' — did you mean 'order-service'?",
                hint: "declared producers: order-service"),
            Case(
                line: "at 1m set-rate inventry 10/s", column: 16,
                message: "unknown producer or group 'inventry' — did you mean 'inventory'?",
                hint: "declared producer or groups: order-service, inventory"),
            Case(
                line: "at 1m partition {1} {1 2}", column: 22, message: "'1' is already in group 1",
                hint: "a node belongs to one group"),
            Case(
                line: "at 1m partition {1}", column: 20, message: "expected a second group in braces after '}'",
                hint: "like: partition {1} {2 3}, or partition {leader of orders-0} {order-service}"),
            Case(
                line: "at 1m partition {1} {2", column: 23, message: "expected '}' to close the group after '2'",
                hint: "like: partition {1} {2 3}"),
            Case(
                line: "at 1m partition {1} {2} {3} one-way", column: 29,
                message: "'one-way' needs exactly two groups (from the first to the second)",
                hint: "split it into several partition steps"),
            Case(
                line: "at 1m isolate order-servic", column: 15,
                message: "unknown broker or client 'order-servic' — did you mean 'order-service'?",
                hint: ScenarioReader.targetHint + "; clients: order-service, inventory"),
            Case(
                line: "at 1m packet-loss 5", column: 19,
                message: "expected the share of messages lost after 'packet-loss', like 30% — got '5'",
                hint: "add a percent sign: '5%'"),
            Case(
                line: "at 1m bandwidth 1MiB", column: 17,
                message: "expected a bandwidth after 'bandwidth', like 1MiB/s — got '1MiB'",
                hint: "a size per second: 500KB/s, 10MiB/s"),
            Case(
                line: "at 1m say hello", column: 11, message: "expected the text to say after 'say' — got 'hello'",
                hint: "write it in double quotes, like say \"The leader is gone.\""),
            Case(
                line: "at 1m say \"unterminated", column: 11, message: "quoted text is not closed",
                hint: "end it with \" on the same line"),
            Case(
                line: "at 1m say \"a \\n b\"", column: 14, message: "unknown escape '\\n' in quoted text",
                hint: "inside quotes write \\\" for a quote and \\\\ for a backslash"),
            Case(
                line: "at 1m crash-consumer inventory member 4", column: 39,
                message: "group 'inventory' never has a member 4: it has at most 3",
                hint: "members are numbered from 1 (line 6 starts 3; add-consumer adds more)"),
            Case(
                line: "at 1m say \"  \"", column: 11, message: "'say' needs something to say",
                hint: "write the text in the quotes"),
            Case(
                line: "at 1m kill broker 1 for 400d", column: 25,
                message: "how long the fault lasts is too long: at most 365d"),
            Case(
                line: "topic all", column: 7,
                message: "'all' cannot name a topic: 'expect leader all' means every partition",
                hint: "pick another name"),
            Case(
                line: "topic t segment.ms=1s segment.ms=2s", column: 23,
                message: "segment.ms is already set on this line (segment.ms=1000)", hint: "set each config once"),
            Case(
                line: "broker-config log.segment.bytes=1MiB log.segment.bytes=2MiB", column: 38,
                message: "log.segment.bytes is already set on line 7", hint: "set each config once"),
            Case(
                line: "expect no-los", column: 8, message: "unknown expectation 'no-los' — did you mean 'no-loss'?",
                hint: "expectations: " + ScenarioReader.expectations.joined(separator: ", ")),
            Case(
                line: "expect leader orders-0 in 15s", column: 24,
                message: "expected 'within' after 'orders-0' — got 'in'"),
            Case(
                line: "expect lag inventory below 100 within 6m", column: 32,
                message: "'within 6m' counts from the end of the last fault (0s), so it ends at 6m, after the run (5m)",
                hint: "make the run longer, end the faults earlier, or allow less time"),
            Case(
                line: "topic orders", column: 7, message: "topic 'orders' is already declared on line 4"),
            Case(
                line: "topic payments partitions 3 rf 4", column: 32,
                message: "topic 'payments' has replication factor 4 but the cluster has only 3 brokers",
                hint: "lower 'rf' or raise 'brokers'"),
            Case(
                line: "topic payments rf 2 min.insync 3", column: 7,
                message: "topic 'payments' has min.insync 3 above its replication factor 2: no write with acks=all "
                    + "could ever succeed",
                hint: "min.insync is at most rf (commonly rf - 1)"),
            Case(
                line: "topic payments partitons 3", column: 16,
                message: "unknown topic option 'partitons' — did you mean 'partitions'?",
                hint: "topic options: partitions, rf, min.insync, cleanup, retention, retention-bytes"),
            Case(
                line: "topic payments segment.byte=1MiB", column: 16,
                message: "unknown topic config 'segment.byte' — did you mean 'segment.bytes'?",
                hint: "the topic configs a scenario can set: " + TopicConfigName.all.map(\.name).joined(separator: ", ")
            ),
            Case(
                line: "topic payments segment.ms=soon", column: 16,
                message: "segment.ms=soon: expected a duration like 10s or whole milliseconds like 10000",
                hint: "like segment.ms=10s"),
            Case(
                line: "topic payments min.insync.replicas=2", column: 16,
                message: "min.insync.replicas has its own keyword on a topic line", hint: "write: min.insync 2"),
            Case(
                line: "topic payments partitions 2 partitions 3", column: 29,
                message: "'partitions' conflicts with 'partitions' at column 16",
                hint: "each option appears once on a line"),
            Case(
                line: "broker-config replica.lag.time.max=10s", column: 15,
                message: "unknown broker config 'replica.lag.time.max' — did you mean 'replica.lag.time.max.ms'?",
                hint: "the broker configs a scenario can set: "
                    + BrokerConfigName.all.map(\.name).joined(separator: ", ")),
            Case(
                line: "producer p topic orders", column: 24, message: "producer 'p' needs a rate",
                hint: "add: rate 200/s"),
            Case(
                line: "producer p rate 10/s", column: 21, message: "producer 'p' needs a topic",
                hint: "add: topic NAME (like: producer p topic orders rate 200/s)"),
            Case(
                line: "producer p topic orders rate 200", column: 30,
                message: "expected the producer's rate after 'rate', like 200/s — got '200'",
                hint: "add the time unit: '200/s' (or /m, /h)"),
            Case(
                line: "producer p topic orders rate 10/s wave 60s 30% burst 2x every 10s for 1s", column: 48,
                message: "'burst' conflicts with 'wave' at column 35", hint: "each option appears once on a line"),
            Case(
                line: "producer p topic orders rate 10/s acks 1 idempotence on", column: 42,
                message: "idempotence needs acks all (Kafka refuses acks 1)", hint: "use acks all, or idempotence off"),
            Case(
                line: "producer p topic orders rate 1/s acks=all", column: 34,
                message: "producer options are written with a space, not '='", hint: "write: acks all"),
            Case(
                line: "producer inventory topic orders rate 1/s", column: 10,
                message: "'inventory' already names the group on line 6"),
            Case(
                line: "producer controller topic orders rate 1/s", column: 10,
                message:
                    "'controller' is a reserved word (it has a meaning where the timeline names nodes), so it cannot "
                    + "name a producer",
                hint: "pick a name like order-service or inventory; reserved: "
                    + ScenarioReader.reservedClientNames.joined(separator: ", ")),
            Case(
                line: "producer 42 topic orders rate 1/s", column: 10,
                message: "'42' cannot name a producer: a number reads as a broker id in the timeline",
                hint: "pick a name like order-service or inventory"),
            Case(
                line: "expect lag order-service below 10", column: 12,
                message: "'order-service' is a producer, not a consumer group", hint: "declared groups: inventory"),
            Case(
                line: "expect producer-errors inventory at most 1", column: 24,
                message: "'inventory' is a group, not a producer", hint: "declared producers: order-service"),
            Case(
                line: "expect leader orders-* within 5s", column: 15,
                message: "there are no wildcards in partition names", hint: "'orders' alone means all its partitions"),
            Case(
                line: "at 1m isolate orders-0", column: 15,
                message: "'orders-0' is a partition, not a broker or client",
                hint: "to act on the broker that leads it, write: leader of orders-0"),
            Case(
                line: "at 1m partition {controller} {others 1}", column: 31,
                message: "'others' is a whole group on its own: every node the other groups do not name",
                hint: "like: partition {controller} {others}"),
            Case(
                line: "at 1m partition {others} {1} {others}", column: 31, message: "'others' is already group 1",
                hint: "one group of a partition can be 'others'"),
            Case(
                line: "producer p topic orders rate 1/s keys zipf", column: 43,
                message: "expected the number of keys after 'zipf'"),
            Case(
                line: "group g topic orders,paymnts", column: 22, message: "unknown topic 'paymnts'",
                hint: "declared topics: orders"),
            Case(
                line: "group g topic orders assignor rnage", column: 31,
                message: "unknown assignor 'rnage' — did you mean 'range'?",
                hint: "expected one of: range, roundrobin, sticky, cooperative-sticky"),
            Case(
                line: "group g members 2", column: 18, message: "group 'g' needs a topic to subscribe to",
                hint: "add: topic NAME (like: group g topic orders members 3)"),
            Case(
                line: "duration 3m", column: 1, message: "'duration' is already set on line 2",
                hint: "a scenario has one 'duration' line; remove one of them"),
            Case(
                line: "at 1m bounce broker 1 0 times every 10s", column: 23,
                message: "how many times to bounce must be from 1 to 100, not 0"),
            Case(
                line: "expect loss order-service", column: 8,
                message: "this contradicts the expectation on line 7: the drill could never pass",
                hint: "'loss' is a negative control; keep one of the two"),
            Case(
                line: "{1} kill", column: 1, message: "a line starts with a directive, not '{'",
                hint: "directives: " + ScenarioParser.directives.joined(separator: ", ")),
        ])
    func mistake(_ mistake: Case) {
        var text = declarations + mistake.line + "\n"
        var line = 7
        if mistake.line.hasPrefix("expect loss") {
            text = declarations + "expect no-loss order-service\n" + mistake.line + "\n"
            line = 8
        }
        let found = diagnostics(text)
        #expect(
            found == [
                ScenarioDiagnostic(
                    file: "test.scenario", line: line, column: mistake.column, message: mistake.message,
                    hint: mistake.hint)
            ])
    }

    @Test("every mistake in a file is reported, in file order, not just the first")
    func collectsAll() {
        let found = diagnostics(
            """
            scenario many-mistakes
            duration 1m
            tpoic orders
            topic orders partitions 3
            at 10s kil broker 1
            at 20s kill broker 9
            expect leader orders-3 within 5s
            expect no-los
            """)
        #expect(found.map { "\($0.line):\($0.column)" } == ["3:1", "5:8", "6:20", "7:15", "8:8"])
    }

    @Test("a declaration with a mistake is reported once, not again at every line that refers to it")
    func noCascade() {
        let found = diagnostics(
            """
            scenario cascade
            duration 1m
            topic orders partitons 3
            producer p topic orders rate 10/ss
            group g topic orders
            at 10s kill leader of orders-0
            at 20s crash-producer p
            expect no-loss p
            expect leader orders within 5s
            at 30s kil broker 1
            """)
        // Line 4's own mistake (the rate) is still found: the topic it names is only unusable.
        #expect(found.map { "\($0.line):\($0.column)" } == ["3:14", "4:30", "10:8"])
    }

    @Test("a declaration whose line has a mistake still declares its name: later lines' own mistakes are found")
    func failedDeclarationsStillDeclare() {
        let found = diagnostics(
            """
            scenario still-declared
            duration 2m
            brokers 5
            topic payments partitions 3 rf 6 min.insync 2
            producer p topic payments rate 2k/s value 200 acks all
            group g topic payments members 2 commit manual
            group p topic payments
            at 40s kill leader of payments
            at 45s kill leader of payments-3
            at 50s crash-consumer g member 3
            expect lag ledger below 10
            expect lag p below 10
            """)
        #expect(
            found.map { "\($0.line): \($0.message)" } == [
                "4: topic 'payments' has replication factor 6 but the cluster has only 5 brokers",
                "5: expected the value size after 'value', like 1KiB — got '200'",
                "7: 'p' already names the producer on line 5",
                "8: 'payments' is a topic; name one of its partitions",
                "9: topic 'payments' has no partition 3: it has partitions 0 to 2",
                "10: group 'g' never has a member 3: it has at most 2",
                "11: unknown group 'ledger'",
                "12: 'p' is a producer, not a consumer group",
            ])
        // The hint lists what the file declares, lines with mistakes included.
        #expect(found.first { $0.line == 11 }?.hint == "declared groups: g")
    }

    @Test("a 'scenario' or 'duration' line with a mistake is reported once, not also as missing")
    func badHeaderIsNotMissing() {
        let found = diagnostics("scenario Bad_Three\nduration 2\n")
        #expect(found.map { "\($0.line):\($0.column)" } == ["1:10", "2:10"])
        #expect(!found.contains { $0.message.hasPrefix("missing") })
    }

    @Test("a file without 'scenario' or 'duration' says what is missing")
    func missingHeader() {
        let found = diagnostics("brokers 3\n")
        #expect(
            found.map(\.message) == ["missing the 'scenario NAME' line", "missing the 'duration' line"])
        #expect(found.allSatisfy { $0.line == 1 && $0.column == 1 })
    }

    @Test("a diagnostic renders as file:line:column, the source line, a caret and the hint")
    func rendering() throws {
        let text = declarations + "at 10s kil broker 1\n"
        let errors = try #require(throws: ScenarioErrors.self) {
            try ScenarioParser.parse(text, file: "drill.scenario")
        }
        #expect(
            errors.rendered(source: text) == """
                drill.scenario:7:8: error: unknown action 'kil' — did you mean 'kill'?
                  at 10s kil broker 1
                         ^
                  hint: actions: \(ScenarioReader.actions.joined(separator: ", "))
                1 error
                """)
        #expect(
            errors.description.hasPrefix(
                "drill.scenario:7:8: error: unknown action 'kil' — did you mean 'kill'?\n  hint: "))
    }
}
