import Foundation
import Glibc
import KafkaCore
import Simulation
import Testing

@testable import WireServer

/// The console's wait: one `poll(2)` on the sockets and the keyboard. With no client connected
/// the loop sleeps until its deadline instead of waking for every event of the world, and a key
/// (a byte on the watched descriptor) ends the wait.
@Suite(.serialized) struct IdleLoopTests {
    @Test("an idle loop waits in one turn per deadline, not one per world event")
    func idleLoopDoesNotSpin() throws {
        var loop = try RealClientTests.servedDefaultCluster()
        defer { loop.server.shutdown() }
        let (readEnd, writeEnd) = try Self.pipe()
        defer {
            close(readEnd)
            close(writeEnd)
        }
        // A second waited for as the console's backend does: turns until the deadline, each
        // waiting for what is left. The world has events due every few milliseconds, so a loop
        // that woke for them would turn dozens of times; one that sleeps turns once (a stray
        // signal may add one).
        let before = loop.turns
        let start = loop.cluster.cluster.now
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(1000))
        while case let left = clock.now.duration(to: deadline), left > .zero {
            let milliseconds = Int32(
                left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            let isKey = loop.turn(maxWaitMilliseconds: max(1, milliseconds), watching: readEnd)
            #expect(!isKey, "nothing was written to the watched descriptor")
        }
        #expect(loop.turns - before <= 3, "\(loop.turns - before) turns for one idle wait")
        // The world still moved on: virtual time follows the wall clock.
        #expect(loop.cluster.cluster.now > start)
    }

    @Test("a byte on the watched descriptor ends the wait and is reported, unread")
    func watchedDescriptorEndsTheWait() throws {
        var loop = try RealClientTests.servedDefaultCluster()
        defer { loop.server.shutdown() }
        let (readEnd, writeEnd) = try Self.pipe()
        defer {
            close(readEnd)
            close(writeEnd)
        }
        var byte: UInt8 = 0x71
        let written = write(writeEnd, &byte, 1)
        #expect(written == 1)
        // A minute's wait: the byte ends it at once (a broken loop would report no key).
        let isKey = loop.turn(maxWaitMilliseconds: 60_000, watching: readEnd)
        #expect(isKey)
        // Not consumed: the terminal reads it.
        var pending: Int32 = 0
        let status = ioctl(readEnd, UInt(FIONREAD), &pending)
        #expect(status == 0)
        #expect(pending == 1)
    }

    static func pipe() throws -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        guard Glibc.pipe(&fds) == 0 else { throw SocketError("pipe failed", code: errno) }
        return (fds[0], fds[1])
    }
}
