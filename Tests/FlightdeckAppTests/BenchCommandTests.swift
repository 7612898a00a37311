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

    @Test("bench log into a directory that cannot be created fails with a message and exit code 1")
    func badDirectory() throws {
        let result = try run(BuiltBinary.path, ["bench", "log", "--log-mib", "1", "--dir", "/proc/no-such-place"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("flightdeck: bench log failed: cannot create /proc/no-such-place/"))
    }
}
