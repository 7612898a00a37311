import Foundation
import Glibc
import Testing

/// The end-to-end harness starts its processes as a shell would, whatever the calling thread
/// blocks or ignores: a tmux daemon started from a thread that blocked SIGCHLD and SIGTERM never
/// reaped its panes nor obeyed `kill-server`, and outlived its test.
@Suite(.serialized) struct SpawnHarnessTests {
    /// The hexadecimal value of a `/proc/self/status` field of a process `run` starts, while the
    /// calling thread blocks every signal and the process ignores SIGPIPE, as test runners were
    /// seen doing.
    static func childStatusField(_ name: String) throws -> UInt64 {
        var all = sigset_t()
        sigfillset(&all)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &all, &previous)
        let oldPipe = signal(SIGPIPE, SIG_IGN)
        defer {
            signal(SIGPIPE, oldPipe)
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        // grep itself, not a shell: dash clears its signal mask when it starts.
        let result = try run("/usr/bin/grep", ["^\(name):", "/proc/self/status"])
        #expect(result.status == 0, "\(result.stderr)")
        let value = result.stdout.split(separator: ":").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return try #require(UInt64(value, radix: 16), "no \(name) in \(result.stdout)")
    }

    @Test("a spawned process blocks no signal, though the thread that started it blocked them all")
    func nothingBlocked() throws {
        #expect(try Self.childStatusField("SigBlk") == 0)
    }

    @Test("a spawned process does not ignore the signals a terminal program handles")
    func defaultsRestored() throws {
        let ignored = try Self.childStatusField("SigIgn")
        for signal in shellDefaultSignals {
            #expect(
                ignored & (1 << UInt64(signal - 1)) == 0, "signal \(signal) is ignored: \(String(ignored, radix: 16))")
        }
    }
}
