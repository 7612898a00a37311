import Testing

/// The benchmark command end to end on a tiny log: it must run and print well-formed figures.
/// (The figures themselves are measured by hand in release builds; see Docs/PERFORMANCE.md.)
@Suite struct BenchCommandTests {
    static let required = [
        "append_records_per_s", "read_records_per_s", "recovery_bytes_per_s", "baseline_write_records_per_s",
        "append_ratio_to_baseline", "peak_resident_bytes",
    ]

    @Test("bench log prints every figure as 'name value unit', per run and as medians")
    func benchLog() throws {
        let result = try run(BuiltBinary.path, ["bench", "log", "--log-mib", "4", "--runs", "3"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("# run ") }.count == 3)
        let medianStart = try #require(lines.firstIndex(of: "# median of 3 runs"))
        let medians = lines[(medianStart + 1)...]
        for name in Self.required {
            #expect(medians.contains { $0.hasPrefix(name + " ") }, "no median for \(name)")
        }
        for line in lines where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            #expect(fields.count == 3, "malformed figure line: \(line)")
            #expect(fields.count == 3 && Double(fields[1]).map { $0 > 0 } == true, "value not positive: \(line)")
        }
    }

    static let clusterSetups = ["rf3_acks_all", "rf3_acks_1", "rf1_acks_all"]
    static let clusterFigures = [
        "records_per_s", "produce_p50_us", "produce_p99_us", "events_per_s", "simulated_records_per_s",
        "time_acceleration",
    ]

    @Test("bench cluster prints every setup's figures as 'name value unit', per run and as medians")
    func benchCluster() throws {
        let result = try run(BuiltBinary.path, ["bench", "cluster", "--records", "3000", "--runs", "3"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("# run ") }.count == 3)
        let medianStart = try #require(lines.firstIndex(of: "# median of 3 runs"))
        let medians = lines[(medianStart + 1)...]
        for setup in Self.clusterSetups {
            for figure in Self.clusterFigures {
                let name = "\(setup)_\(figure)"
                #expect(medians.contains { $0.hasPrefix(name + " ") }, "no median for \(name)")
            }
            #expect(medians.contains("\(setup)_produce_errors 0.0 errors"), "\(setup) had produce errors")
        }
        #expect(medians.contains("records 3000 records"))
        for line in lines where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            #expect(fields.count == 3, "malformed figure line: \(line)")
            #expect(fields.count == 3 && Double(fields[1]).map { $0 >= 0 } == true, "value not a number: \(line)")
        }
    }

    static let consumeFigures = [
        "consume_records_per_s", "consume_fetch_requests", "consume_simulated_records_per_s", "e2e_p50_us",
        "e2e_p99_us", "assign_range_us", "reassign_range_us", "assign_roundrobin_us", "reassign_roundrobin_us",
        "assign_sticky_us", "reassign_sticky_us", "assign_cooperative_sticky_us", "reassign_cooperative_sticky_us",
    ]

    @Test("bench consume prints the consume, latency and assignor figures, per run and as medians")
    func benchConsume() throws {
        let result = try run(BuiltBinary.path, ["bench", "consume", "--records", "3000", "--runs", "3"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("# run ") }.count == 3)
        let medianStart = try #require(lines.firstIndex(of: "# median of 3 runs"))
        let medians = lines[(medianStart + 1)...]
        for name in Self.consumeFigures {
            #expect(medians.contains { $0.hasPrefix(name + " ") }, "no median for \(name)")
        }
        #expect(medians.contains("records 3000 records"))
        #expect(medians.contains("consume_errors 0.0 errors"))
        #expect(medians.contains("e2e_errors 0.0 errors"))
        #expect(medians.contains("e2e_records 3000 records"))
        for line in lines where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            #expect(fields.count == 3, "malformed figure line: \(line)")
            #expect(fields.count == 3 && Double(fields[1]).map { $0 >= 0 } == true, "value not a number: \(line)")
        }
    }

    @Test("bench cluster refuses --log-mib, and bench log refuses --records")
    func suiteOptions() throws {
        let cluster = try run(BuiltBinary.path, ["bench", "cluster", "--log-mib", "4"])
        #expect(cluster.status == 2)
        #expect(cluster.stderr.contains("option '--log-mib' applies to bench log only"))
        let log = try run(BuiltBinary.path, ["bench", "log", "--records", "4"])
        #expect(log.status == 2)
        #expect(log.stderr.contains("option '--records' applies to bench cluster and bench consume only"))
    }

    @Test("bench log into a directory that cannot be created fails with a message and exit code 1")
    func badDirectory() throws {
        let result = try run(BuiltBinary.path, ["bench", "log", "--log-mib", "1", "--dir", "/proc/no-such-place"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("flightdeck: bench log failed: cannot create /proc/no-such-place/"))
    }
}
