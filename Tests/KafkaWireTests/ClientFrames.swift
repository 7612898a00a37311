import Foundation

/// One request frame captured from a real client (`Tests/Fixtures/kafka-client-requests.jsonl`).
struct ClientFrame: CustomStringConvertible, Sendable {
    var software: String
    var api: String
    var apiKey: Int16
    var apiVersion: Int16
    var clientID: String?
    var frame: [UInt8]

    var description: String { "\(software) \(api) v\(apiVersion)" }

    /// Every frame of the fixture, in file order; fails the calling test if the file is missing.
    static let all: [ClientFrame] = load()

    private static func load() -> [ClientFrame] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/kafka-client-requests.jsonl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line -> ClientFrame? in
            guard
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let software = object["software"] as? String, let api = object["api"] as? String,
                let key = object["api_key"] as? Int, let version = object["api_version"] as? Int,
                let hex = object["frame_hex"] as? String
            else { return nil }
            return ClientFrame(
                software: software, api: api, apiKey: Int16(key), apiVersion: Int16(version),
                clientID: object["client_id"] as? String, frame: Hex.bytes(hex))
        }
    }
}
