import Foundation
import Glibc
import Testing

/// The console's listeners for real Kafka clients, end to end: the real binary in tmux, a real
/// client (kcat) and a raw socket on loopback.
@Suite(.serialized) struct ConsoleListenerTests {
    let binary = BuiltBinary.path

    @Test("the console listens: kcat -L sees its topics, the header shows the bootstrap, clients and malformed frames")
    func consoleListens() throws {
        var session: TmuxSession?
        var base = 0
        for attempt in 0..<5 {
            base = 43340 + 10 * attempt
            let candidate = try TmuxSession(width: 220, height: 40, command: "\(binary) --port-base \(base) --seed 3")
            try candidate.waitFor(text: "● 9 healthy", timeoutSeconds: 30)
            if try !candidate.screen().contains("is taken") {
                session = candidate
                break
            }
            try candidate.send("q")
        }
        let console = try #require(session, "no free port base from 43340 on")
        try console.waitFor(text: "kafka 127.0.0.1:\(base + 1) · 0 clients")

        if let kcat = ["/usr/bin/kcat", "/usr/local/bin/kcat"].first(where: FileManager.default.isExecutableFile) {
            let listing = try run(kcat, ["-b", "127.0.0.1:\(base + 1)", "-L", "-t", "orders", "-m", "10"])
            #expect(listing.status == 0, "\(listing.stderr)")
            #expect(listing.stdout.contains("topic \"orders\" with 6 partitions"), "\(listing.stdout)")
        } else {
            print("SKIPPED: kcat is not installed; the console's listener was tested with a raw socket only")
        }

        let client = try #require(Self.connect(port: base + 2), "no listener on 127.0.0.1:\(base + 2)")
        defer { close(client) }
        try console.waitFor(text: "kafka 127.0.0.1:\(base + 1) · 1 client ")
        // A frame announcing a negative size: malformed, so the broker closes the connection.
        let garbage = try #require(Self.connect(port: base + 3))
        defer { close(garbage) }
        let bytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0, 18, 0, 0]
        _ = bytes.withUnsafeBytes { send(garbage, $0.baseAddress, $0.count, 0) }
        try console.waitFor(text: "1 client · 1 malformed")
        try console.send("2")
        try console.waitFor(text: "MALFORMED")
        let brokers = try console.screen()
        let row = try #require(brokers.split(separator: "\n").first { $0.contains("\(base + 3)") })
        #expect(row.contains(" 1 "), "broker 3's row counts the malformed frame: \(row)")
        try console.send("q")
        #expect(try console.exitStatus() == 0)
    }

    @Test("--no-listen opens no port and shows no listener in the header")
    func noListen() throws {
        let session = try TmuxSession(width: 220, height: 40, command: "\(binary) --no-listen --port-base 43390")
        try session.waitFor(text: "● 9 healthy", timeoutSeconds: 30)
        #expect(try !session.screen().contains("kafka 127.0.0.1"))
        #expect(Self.connect(port: 43391) == nil)
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }

    /// A TCP connection to `127.0.0.1:port`, `nil` when nothing listens.
    static func connect(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            return nil
        }
        return fd
    }
}
