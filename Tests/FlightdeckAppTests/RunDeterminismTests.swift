import Foundation
import Testing

/// `flightdeck run` and `flightdeck sweep` in separate processes: a seed replays the same run.
@Suite struct RunDeterminismTests {
    /// The trace digest of a `--report json` run's standard output.
    static func digest(of output: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else {
            return nil
        }
        return object["digest"] as? String
    }

    @Test("two processes running a library scenario with the same seed print the same digest; another seed differs")
    func sameSeedSameDigest() throws {
        let arguments = ["run", "controller-loss", "--seed", "5", "--report", "json"]
        let first = try run(BuiltBinary.path, arguments)
        let second = try run(BuiltBinary.path, arguments)
        let other = try run(BuiltBinary.path, ["run", "controller-loss", "--seed", "6", "--report", "json"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stderr.hasPrefix("seed: 5\n"))
        let digest = try #require(Self.digest(of: first.stdout), "no digest in: \(first.stdout.prefix(400))")
        #expect(Self.digest(of: second.stdout) == digest)
        let otherDigest = try #require(Self.digest(of: other.stdout))
        #expect(otherDigest != digest)
        #expect(first.stdout == second.stdout, "the same seed printed different reports")
    }

    @Test("sweep prints the start, a line per seed and a summary; the same seed gives the same digest twice")
    func sweepReplays() throws {
        let first = try run(BuiltBinary.path, ["sweep", "--seeds", "1", "--start", "3"])
        let second = try run(BuiltBinary.path, ["sweep", "--seeds", "1", "--start", "3"])
        #expect(first.status == 0, "stdout: \(first.stdout)\nstderr: \(first.stderr)")
        #expect(first.stdout.hasPrefix("start: 3   seeds: 1\n"))
        let line = first.stdout.split(separator: "\n").first { $0.hasPrefix("seed 3 passed   digest: ") }
        #expect(line != nil, "\(first.stdout)")
        #expect(first.stdout.contains("sweep: 1 seed(s) from 3 in "))
        #expect(line == second.stdout.split(separator: "\n").first { $0.hasPrefix("seed 3 ") })
    }

    @Test("sweep refuses a missing --seeds, a bad budget and an unknown flag with exit status 2")
    func sweepBadOptions() throws {
        let missing = try run(BuiltBinary.path, ["sweep", "--start", "3"])
        #expect(missing.status == 2 && missing.stderr.contains("sweep needs --seeds N"))
        let budget = try run(BuiltBinary.path, ["sweep", "--seeds", "2", "--budget", "soon"])
        #expect(budget.status == 2 && budget.stderr.contains("option '--budget' needs a positive duration"))
        let unknown = try run(BuiltBinary.path, ["sweep", "--seeds", "2", "--seed", "4"])
        #expect(unknown.status == 2, "\(unknown.stderr)")
    }
}
