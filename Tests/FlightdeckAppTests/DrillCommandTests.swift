import Foundation
import Testing

/// `flightdeck drill` in separate processes: the same seed replays the same run.
@Suite struct DrillCommandTests {
    @Test("two processes with the same seed print the same faults and digest; another seed differs")
    func sameSeedSameDigest() throws {
        let arguments = ["drill", "--seed", "7", "--chaos", "15", "--recovery", "30"]
        let first = try run(BuiltBinary.path, arguments)
        let second = try run(BuiltBinary.path, arguments)
        let other = try run(BuiltBinary.path, ["drill", "--seed", "8", "--chaos", "15", "--recovery", "30"])
        #expect(first.status == 0, "stdout: \(first.stdout)\nstderr: \(first.stderr)")
        #expect(first.stdout.hasPrefix("seed: 7\n"))
        #expect(first.stdout == second.stdout, "the same seed printed different runs")
        let digest = first.stdout.split(separator: "\n").first { $0.hasPrefix("digest: ") }
        let otherDigest = other.stdout.split(separator: "\n").first { $0.hasPrefix("digest: ") }
        #expect(digest != nil && otherDigest != nil && digest != otherDigest)
        #expect(first.stdout.contains("lost acknowledged writes: 0"))
        #expect(first.stdout.contains("result: passed"))
    }

    @Test("drill refuses a bad seed and too few brokers with exit status 2")
    func badOptions() throws {
        let seed = try run(BuiltBinary.path, ["drill", "--seed", "minus-one"])
        #expect(seed.status == 2 && seed.stderr.contains("option '--seed' needs a whole number"))
        let brokers = try run(BuiltBinary.path, ["drill", "--brokers", "2"])
        #expect(brokers.status == 2 && brokers.stderr.contains("at least 3 brokers"))
    }
}
