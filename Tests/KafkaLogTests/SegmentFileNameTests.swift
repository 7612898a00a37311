import KafkaCore
import KafkaLog
import Testing

@Suite struct SegmentFileNameTests {
    @Test("base offsets are written as 20 zero-padded digits")
    func prefixes() {
        #expect(SegmentFileName.prefix(for: Offset(0)) == "00000000000000000000")
        #expect(SegmentFileName.prefix(for: Offset(1200)) == "00000000000000001200")
        #expect(SegmentFileName.prefix(for: Offset(Int64.max)) == "09223372036854775807")
    }

    @Test("every kind and suffix round-trips through its file name")
    func roundTrip() {
        for kind in SegmentFileName.Kind.allCases {
            for suffix in [nil] + SegmentFileName.Suffix.allCases.map(Optional.some) {
                let name = SegmentFileName(baseOffset: Offset(368_769), kind: kind, suffix: suffix)
                #expect(SegmentFileName(parsing: name.fileName) == name)
            }
        }
        let swap = SegmentFileName(baseOffset: Offset(1200), kind: .offsetIndex, suffix: .swap)
        #expect(swap.fileName == "00000000000000001200.index.swap")
        #expect(swap.withoutSuffix.fileName == "00000000000000001200.index")
        #expect(SegmentFileName(parsing: "00000000000000000007.timeindex")?.kind == .timeIndex)
    }

    @Test(
        "names that are not segment files do not parse",
        arguments: [
            "leader-epoch-checkpoint", "partition.metadata", "123.log", "0000000000000000000a.log",
            "00000000000000000000.log.tmp", "00000000000000000000.logx", "00000000000000000000",
            "00000000000000000000.",
            "99999999999999999999.log",
        ])
    func notSegments(name: String) {
        #expect(SegmentFileName(parsing: name) == nil)
    }

    @Test("names sort by base offset, then kind, then suffix")
    func order() {
        let names = [
            "00000000000000000100.index", "00000000000000000000.log.deleted", "00000000000000000100.log",
            "00000000000000000000.log",
        ].compactMap(SegmentFileName.init(parsing:))
        #expect(
            names.sorted().map(\.fileName) == [
                "00000000000000000000.log", "00000000000000000000.log.deleted", "00000000000000000100.log",
                "00000000000000000100.index",
            ])
    }
}

@Suite struct StoragePathTests {
    @Test("paths split on slashes, join back, and know their parent and name")
    func components() {
        let path: StoragePath = "broker-1//orders-0/"
        #expect(path.components == ["broker-1", "orders-0"])
        #expect(path.description == "broker-1/orders-0")
        #expect(path.appending("a.log").name == "a.log")
        #expect(path.parent == "broker-1")
        #expect(StoragePath.root.description == ".")
        #expect(path.appending("x").isInside(path))
        #expect(!StoragePath("broker-10").isInside("broker-1"))
    }

    @Test("components that could escape the root are invalid")
    func validity() {
        #expect(!StoragePath.isValidComponent(".."))
        #expect(!StoragePath.isValidComponent("."))
        #expect(!StoragePath.isValidComponent(""))
        #expect(!StoragePath.isValidComponent("a/b"))
        #expect(StoragePath.isValidComponent("orders-0"))
    }
}
