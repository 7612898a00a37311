/// The first byte of an encoded `MetadataRecord`: which record follows. Values never change
/// meaning once assigned, since records outlive the code that wrote them.
enum MetadataRecordTag: UInt8 {
    case registerBroker = 1
    case brokerRegistrationChange = 2
    case unregisterBroker = 3
    case topic = 4
    case partition = 5
    case partitionChange = 6
    case producerIDs = 7
}
