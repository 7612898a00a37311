import Glibc
import KafkaWire

/// A plain loopback client for tests: blocking connect, then non-blocking reads so that the
/// test thread can pump the server and the world between them.
struct WireTestClient {
    let fd: Int32
    private var received: [UInt8] = []
    /// Whether the server closed the connection.
    private(set) var closed = false

    /// Connects to `127.0.0.1:port`; nil when nothing listens there.
    init?(port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            return nil
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        self.fd = fd
    }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count > 0 { offset += count } else { usleep(1000) }
        }
    }

    /// Sends a request frame, size prefix included.
    func send(_ header: RequestHeader, _ request: KafkaRequest) {
        send(sizePrefixedFrame(encodeRequest(header: header, request: request)))
    }

    /// Reads what has arrived; notes a close.
    mutating func poll() {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received.append(contentsOf: chunk[0..<count])
            } else {
                if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) { closed = true }
                return
            }
        }
    }

    /// The next whole response frame received, without its size prefix.
    mutating func takeFrame() -> [UInt8]? {
        guard received.count >= 4 else { return nil }
        let size = Int(received[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        guard received.count >= 4 + size else { return nil }
        let frame = Array(received[4..<4 + size])
        received.removeFirst(4 + size)
        return frame
    }

    func close() {
        Glibc.close(fd)
    }
}

func sizePrefixedFrame(_ frame: [UInt8]) -> [UInt8] {
    let size = UInt32(frame.count)
    return [UInt8(size >> 24), UInt8((size >> 16) & 0xFF), UInt8((size >> 8) & 0xFF), UInt8(size & 0xFF)] + frame
}
