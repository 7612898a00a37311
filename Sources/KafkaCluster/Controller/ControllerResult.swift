/// What a controller decision yields: the records to append (the only way state changes) and
/// the response to send once they are committed (Kafka's `ControllerResult`).
public struct ControllerResult<Response: Sendable>: Sendable {
    public var records: [MetadataRecord]
    public var response: Response

    public init(records: [MetadataRecord], response: Response) {
        self.records = records
        self.response = response
    }
}
