import Testing

@testable import TerminalUI

@Suite struct CellGridTests {
    @Test("text is written left to right and clipped at the edge")
    func putAndClip() {
        var grid = CellGrid(size: Size(width: 6, height: 1))
        let written = grid.put("flightdeck", x: 1, y: 0)
        #expect(written == 5)
        #expect(grid.text(row: 0) == " fligh")
    }

    @Test("a wide character takes two cells and reads back once")
    func wideCharacter() {
        var grid = CellGrid(size: Size(width: 6, height: 1))
        #expect(grid.put("a中b", x: 0, y: 0) == 4)
        #expect(grid[1, 0].scalar == "中")
        #expect(grid[2, 0].isContinuation)
        #expect(grid.text(row: 0) == "a中b  ")
    }

    @Test("a wide character that does not fit before the edge is not drawn")
    func wideAtEdge() {
        var grid = CellGrid(size: Size(width: 3, height: 1))
        #expect(grid.put("ab中", x: 0, y: 0) == 2)
        #expect(grid.text(row: 0) == "ab ")
        #expect(!grid[2, 0].isContinuation)
    }

    @Test("overwriting the right half of a wide character blanks its left half")
    func overwriteRightHalf() {
        var grid = CellGrid(size: Size(width: 4, height: 1))
        grid.put("中", x: 0, y: 0)
        grid.put("x", x: 1, y: 0)
        #expect(grid.text(row: 0) == " x  ")
        #expect(!grid[1, 0].isContinuation)
    }

    @Test("overwriting the left half of a wide character blanks its right half")
    func overwriteLeftHalf() {
        var grid = CellGrid(size: Size(width: 4, height: 1))
        grid.put("中", x: 1, y: 0)
        grid.put("x", x: 1, y: 0)
        #expect(grid.text(row: 0) == " x  ")
        #expect(!grid[2, 0].isContinuation)
    }

    @Test("a wide character written over two others keeps the grid consistent")
    func wideOverWide() {
        var grid = CellGrid(size: Size(width: 5, height: 1))
        grid.put("中文", x: 0, y: 0)
        grid.put("日", x: 1, y: 0)
        #expect(grid.text(row: 0) == " 日  ")
        #expect(grid[2, 0].isContinuation)
        #expect(!grid[3, 0].isContinuation)
    }

    @Test("control characters are shown as replacement characters, combining marks are dropped")
    func controlAndCombining() {
        var grid = CellGrid(size: Size(width: 4, height: 1))
        grid.put("a\u{1B}e\u{301}", x: 0, y: 0)
        #expect(grid.text(row: 0) == "a\u{FFFD}e ")
    }

    @Test("a box has Unicode corners and a title in its top edge")
    func box() {
        var grid = CellGrid(size: Size(width: 12, height: 3))
        grid.drawBox(grid.bounds, title: "Topics")
        #expect(grid.lines == ["┌─ Topics ─┐", "│          │", "└──────────┘"])
        #expect(grid.roles(row: 0)[3] == .title)
        #expect(grid.roles(row: 0)[0] == .border)
    }

    @Test("truncation ends in an ellipsis and respects wide characters")
    func truncate() {
        #expect(CellGrid.truncate("partitions", toWidth: 6) == "parti…")
        #expect(CellGrid.truncate("short", toWidth: 6) == "short")
        #expect(CellGrid.truncate("中文中文", toWidth: 4) == "中…")
    }

    @Test("find locates text by column, counting wide characters as two")
    func find() {
        var grid = CellGrid(size: Size(width: 10, height: 2))
        grid.put("中 help", x: 1, y: 1)
        #expect(grid.find("help") == Point(x: 4, y: 1))
        #expect(grid.find("nothing") == nil)
    }

    @Test("cell widths follow the terminal's: wide CJK and emoji, narrow box drawing")
    func widths() {
        #expect(CellWidth.of("中" as Unicode.Scalar) == 2)
        #expect(CellWidth.of("🔥" as Unicode.Scalar) == 2)
        #expect(CellWidth.of("Ａ" as Unicode.Scalar) == 2)
        #expect(CellWidth.of("─" as Unicode.Scalar) == 1)
        #expect(CellWidth.of("▁" as Unicode.Scalar) == 1)
        #expect(CellWidth.of("⣿" as Unicode.Scalar) == 1)
        #expect(CellWidth.of("\u{301}" as Unicode.Scalar) == 0)
        #expect(CellWidth.of("wörker-中文") == 11)
    }
}

@Suite struct CellGridDiffTests {
    @Test("with no previous frame every cell is drawn, grouped by role")
    func fullRepaint() {
        var grid = CellGrid(size: Size(width: 4, height: 2))
        grid.put("ab", x: 0, y: 0, role: .accent)
        let runs = grid.runs(since: nil)
        #expect(runs.count == 3)
        #expect(runs[0] == CellRun(x: 0, y: 0, scalars: ["a", "b"], width: 2, role: .accent))
        #expect(runs[1] == CellRun(x: 2, y: 0, scalars: [" ", " "], width: 2, role: .text))
        #expect(runs[2].y == 1 && runs[2].width == 4)
    }

    @Test("an identical frame draws nothing")
    func identical() {
        var grid = CellGrid(size: Size(width: 8, height: 3))
        grid.put("same", x: 2, y: 1)
        #expect(grid.runs(since: grid).isEmpty)
    }

    @Test("one changed cell gives exactly one run of one cell")
    func oneCell() {
        var old = CellGrid(size: Size(width: 8, height: 3))
        old.put("counter 1", x: 0, y: 1)
        var new = old
        new.put("2", x: 7, y: 1)
        #expect(new.runs(since: old) == [CellRun(x: 7, y: 1, scalars: ["2"], width: 1, role: .text)])
    }

    @Test("a role change alone is a change")
    func roleChange() {
        let old = CellGrid(size: Size(width: 3, height: 1))
        var new = old
        new.setRole(.selection, in: Rect(x: 0, y: 0, width: 3, height: 1))
        #expect(new.runs(since: old) == [CellRun(x: 0, y: 0, scalars: [" ", " ", " "], width: 3, role: .selection)])
    }

    @Test("a changed wide character is drawn once and covers both columns")
    func wideRun() {
        let old = CellGrid(size: Size(width: 4, height: 1))
        var new = old
        new.put("中", x: 1, y: 0)
        #expect(new.runs(since: old) == [CellRun(x: 1, y: 0, scalars: ["中"], width: 2, role: .text)])
        var narrowed = new
        narrowed.put("x", x: 2, y: 0)
        #expect(narrowed.runs(since: new) == [CellRun(x: 1, y: 0, scalars: [" ", "x"], width: 2, role: .text)])
    }

    @Test("a frame of another size repaints everything")
    func resized() {
        let old = CellGrid(size: Size(width: 4, height: 1))
        let new = CellGrid(size: Size(width: 5, height: 1))
        #expect(
            new.runs(since: old) == [
                CellRun(x: 0, y: 0, scalars: Array(repeating: " ", count: 5), width: 5, role: .text)
            ])
    }

    @Test("applying the runs to the old frame reproduces the new frame", arguments: 1...20)
    func runsReproduceFrame(seed: UInt64) {
        var random = Xorshift(seed: seed)
        let size = Size(width: 13, height: 4)
        let alphabet: [String] = ["a", "b", "中", "文", "─", " ", "🔥"]
        let roles: [StyleRole] = [.text, .accent, .warning]
        func randomGrid() -> CellGrid {
            var grid = CellGrid(size: size)
            for _ in 0..<30 {
                let text = alphabet[Int(random.next() % UInt64(alphabet.count))]
                grid.put(
                    text, x: Int(random.next() % 13), y: Int(random.next() % 4), role: roles[Int(random.next() % 3)])
            }
            return grid
        }
        let old = randomGrid()
        let new = randomGrid()
        var replay = old
        for run in new.runs(since: old) {
            var x = run.x
            for scalar in run.scalars {
                x += replay.put(scalar, x: x, y: run.y, role: run.role)
            }
        }
        #expect(replay == new)
    }
}

struct Xorshift {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}

@Suite struct CellWidthFastPathTests {
    @Test("the fast path gives every character in its ranges the width the full rule gives")
    func fastPathAgrees() {
        for range in CellWidth.fastPathRanges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                #expect(CellWidth.of(scalar) == CellWidth.fullRule(scalar), "U+\(String(value, radix: 16))")
            }
        }
    }
}
