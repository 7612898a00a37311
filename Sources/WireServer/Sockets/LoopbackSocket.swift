import Glibc

/// Why a socket call failed: the call and `strerror(errno)`.
public struct SocketError: Error, Hashable, Sendable, CustomStringConvertible {
    public var call: String
    public var code: Int32

    init(_ call: String, code: Int32 = errno) {
        self.call = call
        self.code = code
    }

    /// Whether the port was already bound by another process.
    public var isAddressInUse: Bool { code == EADDRINUSE }

    public var description: String { "\(call): \(String(cString: strerror(code)))" }
}

/// Thin non-blocking wrappers over the socket calls the server needs, on 127.0.0.1 only.
enum LoopbackSocket {
    /// A non-blocking listening socket on `127.0.0.1:port`.
    static func listen(port: Int) -> Result<Int32, SocketError> {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(AF_INET, type, 0)
        guard fd >= 0 else { return .failure(SocketError("socket")) }
        var yes: Int32 = 1
        // Lets a restarted broker rebind its port while old connections sit in TIME_WAIT; a port
        // another process listens on still fails with EADDRINUSE.
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = loopbackAddress(port: port)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let error = SocketError("bind 127.0.0.1:\(port)")
            Glibc.close(fd)
            return .failure(error)
        }
        guard Glibc.listen(fd, 128) == 0 else {
            let error = SocketError("listen 127.0.0.1:\(port)")
            Glibc.close(fd)
            return .failure(error)
        }
        return .success(fd)
    }

    static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        return address
    }

    /// The next pending connection, non-blocking with TCP_NODELAY; `nil` when none is waiting.
    static func accept(_ listener: Int32) -> Int32? {
        let fd = Glibc.accept(listener, nil, nil)
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var yes: Int32 = 1
        // Responses are small and latency matters more than packet count (as in Kafka).
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    /// What a non-blocking read returned.
    enum ReadResult {
        case bytes(Int)
        case wouldBlock
        case closed
    }

    static func read(_ fd: Int32, into buffer: inout [UInt8]) -> ReadResult {
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 { return .bytes(count) }
        if count < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return .wouldBlock }
        return .closed
    }

    /// Bytes written, 0 when the socket buffer is full, `nil` when the peer is gone.
    static func write(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Int? {
        let count = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if count >= 0 { return count }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return 0 }
        return nil
    }

    static func close(_ fd: Int32) {
        Glibc.close(fd)
    }
}
