import Glibc
import Synchronization

/// The last stop signal received (0: none). Written only by the signal handler.
private let pendingServeStop = Atomic<Int32>(0)

/// Non-blocking line input from stdin for `flightdeck serve`: polled between turns of the run
/// loop so that the cluster never waits for the operator. Lines are bounded: a line longer
/// than `maxLineBytes` is dropped with a notice.
struct ServeInput {
    static let maxLineBytes = 4096
    private var buffer: [UInt8] = []
    private var discarding = false
    /// Whether stdin reached its end (or failed).
    private(set) var ended = false

    /// The complete lines typed since the last call.
    mutating func takeLines() -> [String] {
        guard !ended else { return [] }
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) > 0 else { return [] }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
        guard count > 0 else {
            ended = true
            return buffer.isEmpty ? [] : [String(decoding: buffer, as: UTF8.self)]
        }
        var lines: [String] = []
        for byte in chunk[0..<count] {
            if byte == UInt8(ascii: "\n") {
                if !discarding { lines.append(String(decoding: buffer, as: UTF8.self)) }
                buffer.removeAll()
                discarding = false
            } else if buffer.count < Self.maxLineBytes {
                buffer.append(byte)
            } else {
                discarding = true
            }
        }
        return lines
    }

    /// Turns SIGINT and SIGTERM into a flag the loop reads, so it closes its sockets and exits.
    static func trapStopSignals() {
        for signal in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in pendingServeStop.store(number, ordering: .relaxed) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }

    /// The stop signal received, if any.
    static var stopSignal: Int32? {
        let number = pendingServeStop.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }
}
