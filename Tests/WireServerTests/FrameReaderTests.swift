import KafkaCore
import KafkaWire
import Testing

@testable import WireServer

@Suite struct FrameReaderTests {
    @Test("frames split across reads and packed into one read come out whole and in order")
    func splitAndPacked() throws {
        var reader = FrameReader(limit: 100)
        let stream = sizePrefixed([1, 2, 3]) + sizePrefixed([]) + sizePrefixed([9])
        reader.append(stream[0..<2])
        var frame = try reader.nextFrame()
        #expect(frame == nil)
        reader.append(stream[2..<6])
        frame = try reader.nextFrame()
        #expect(frame == nil)
        reader.append(stream[6...])
        frame = try reader.nextFrame()
        #expect(frame == [1, 2, 3])
        frame = try reader.nextFrame()
        #expect(frame == [])
        frame = try reader.nextFrame()
        #expect(frame == [9])
        frame = try reader.nextFrame()
        #expect(frame == nil)
        #expect(reader.bufferedBytes == 0)
    }

    @Test("a size above the limit is refused from the prefix alone, before the body arrives")
    func tooLarge() {
        var reader = FrameReader(limit: 1000)
        reader.append([0, 0, 0x10, 0])
        #expect(Self.error(from: &reader) == .frameTooLarge(size: 4096, limit: 1000))
    }

    @Test("a negative size is refused")
    func negative() {
        var reader = FrameReader()
        reader.append([0xFF, 0xFF, 0xFF, 0xFE])
        #expect(FrameReaderTests.error(from: &reader) == .invalidLength(-2))
    }

    static func error(from reader: inout FrameReader) -> WireError? {
        do throws(WireError) {
            _ = try reader.nextFrame()
            return nil
        } catch {
            return error
        }
    }
}

@Suite struct WireConnectionTests {
    @Test("responses leave in request order whatever order the answers arrive in")
    func ordering() {
        var connection = WireConnection(id: 1, fd: -1, broker: BrokerID(1), maxFrameBytes: 100)
        connection.slots = [.init(requestID: 10), .init(requestID: 11), .init(requestID: 12)]
        let filled12 = connection.fill(12, with: [3])
        #expect(filled12)
        connection.releaseReadyResponses()
        #expect(connection.unsentBytes == 0)
        let filled10 = connection.fill(10, with: [1])
        #expect(filled10)
        connection.releaseReadyResponses()
        #expect(connection.outbound == [1])
        let filled11 = connection.fill(11, with: [2])
        #expect(filled11)
        connection.releaseReadyResponses()
        #expect(connection.outbound == [1, 2, 3])
        #expect(connection.slots.isEmpty)
        let unknown = connection.fill(99, with: [0])
        #expect(!unknown)
        connection.consumeOutbound(3)
        #expect(connection.unsentBytes == 0)
    }
}
