/// ListGroups (key 16), v0–2: every group this broker coordinates. The body is empty.
public struct ListGroupsRequest: RequestBody {
    public static let apiKey = ApiKey.listGroups
    public static let versions: ClosedRange<Int16> = 0...2

    public init() {}

    public static func decode(_ reader: inout WireReader, version: Int16) throws(WireError) -> Self {
        Self()
    }

    public func encode(into writer: inout WireWriter, version: Int16) {}
}
