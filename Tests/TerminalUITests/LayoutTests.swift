import TerminalUI
import Testing

@Suite struct LayoutTests {
    @Test("fixed slices are served first and fills share the rest")
    func fixedAndFill() {
        let rows = Layout.split(Rect(x: 0, y: 0, width: 80, height: 24), .vertical, [.fixed(1), .fill(), .fixed(2)])
        #expect(rows.map(\.height) == [1, 21, 2])
        #expect(rows.map(\.y) == [0, 1, 22])
    }

    @Test("fills share by weight and the remainder goes to the earliest slices")
    func weights() {
        #expect(Layout.lengths(for: [.fill(weight: 1), .fill(weight: 2)], total: 10) == [4, 6])
        #expect(Layout.lengths(for: [.fill(), .fill(), .fill()], total: 10) == [4, 3, 3])
    }

    @Test("slices always tile the extent exactly when something can grow", arguments: 0...40)
    func tiles(total: Int) {
        let lengths = Layout.lengths(for: [.fixed(5), .percent(30), .minimum(4), .fill(weight: 2)], total: total)
        #expect(lengths.reduce(0, +) == total)
        #expect(lengths.allSatisfy { $0 >= 0 })
    }

    @Test("when space runs out, earlier fixed slices win and nothing goes negative")
    func shortage() {
        #expect(Layout.lengths(for: [.fixed(5), .fixed(5), .fill()], total: 7) == [5, 2, 0])
    }

    @Test("gaps separate horizontal slices")
    func gaps() {
        let columns = Layout.split(Rect(x: 2, y: 0, width: 21, height: 1), .horizontal, [.fill(), .fill()], gap: 1)
        #expect(columns.map(\.x) == [2, 13])
        #expect(columns.map(\.width) == [10, 10])
    }

    @Test("rectangles inset, intersect and centre without going negative")
    func rects() {
        let rect = Rect(x: 0, y: 0, width: 10, height: 4)
        #expect(rect.inset(by: 3) == Rect(x: 3, y: 3, width: 4, height: 0))
        #expect(rect.inset(by: 3).isEmpty)
        #expect(rect.intersection(Rect(x: 8, y: 2, width: 5, height: 5)) == Rect(x: 8, y: 2, width: 2, height: 2))
        #expect(rect.centered(Size(width: 4, height: 2)) == Rect(x: 3, y: 1, width: 4, height: 2))
        #expect(rect.centered(Size(width: 40, height: 2)).width == 10)
    }
}
