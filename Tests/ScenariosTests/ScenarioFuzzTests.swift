import KafkaCore
import Testing

@testable import Scenarios

/// Random mutations of the library files must give a scenario or diagnostics that point into
/// the text, never a trap.
@Suite struct ScenarioFuzzTests {
    static let alphabet: [Character] = [
        " ", "\n", "\r\n", "\t", "\"", "\\", "{", "}", "#", "=", ",", "%", "/", "-", ".", "0", "9", "s", "m", "x",
        "é", "µ", "🚀", "\u{0}",
    ]
    static let words = [
        "at", "for", "kill", "leader", "of", "orders-0", "{", "}", "99999999999999999999", "1.5", "-1", "0s", "0",
        "every", "times", "within", "expect", "topic", "rf", "100%", "101%", "0x", "1e9/s", "9223372036854775807ms",
    ]

    @Test("random mutations of every library file never trap", arguments: ScenarioLibrary.names)
    func mutations(name: String) throws {
        let text = try #require(ScenarioLibrary.named(name)).text
        var random = SeededGenerator(seed: 0x5CE7_A210).stream(name)
        for _ in 0..<150 {
            var characters = Array(text)
            for _ in 0...random.next(below: 4) { mutate(&characters, using: &random) }
            check(String(characters))
        }
    }

    @Test("random text never traps")
    func noise() {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<300 {
            let length = Int(random.next(below: 200))
            let tokens = (0..<length).map { _ -> String in
                random.next(below: 3) == 0
                    ? String(Self.alphabet[Int(random.next(below: UInt64(Self.alphabet.count)))])
                    : Self.words[Int(random.next(below: UInt64(Self.words.count)))] + " "
            }
            check("scenario fuzz\nduration 1m\n" + tokens.joined())
        }
    }

    @Test("extreme quantities are refused, not overflowed")
    func extremes() {
        for line in [
            "duration 99999999999999999999h", "duration 106751991167d", "at 9223372036854775807ms say \"x\"",
            "brokers 99999999999999999999", "seed 18446744073709551616",
            "at 9223372036854775807us kill broker 1 for 9223372036854775807us",
            "at 1s bounce broker 1 100 times every 9223372036854775807us",
            "expect lag g below 1 within 9223372036854775807us\ngroup g topic t\ntopic t",
        ] {
            check("scenario x\nduration 1m\n" + line + "\n")
            check("scenario x\n" + line + "\n")
        }
        #expect(Quantities.duration("106751991167d") == nil)
        #expect(Quantities.duration("153722867280912930m") == nil)
        #expect(Quantities.size("99999999999GiB") == nil)
    }

    private func mutate(_ characters: inout [Character], using random: inout SeededGenerator) {
        let position = characters.isEmpty ? 0 : Int(random.next(below: UInt64(characters.count)))
        switch random.next(below: 5) {
        case 0:
            if !characters.isEmpty { characters.remove(at: position) }
        case 1:
            characters.insert(Self.alphabet[Int(random.next(below: UInt64(Self.alphabet.count)))], at: position)
        case 2:
            let word = Self.words[Int(random.next(below: UInt64(Self.words.count)))]
            characters.insert(contentsOf: " " + word + " ", at: position)
        case 3:
            characters.removeSubrange(position..<min(characters.count, position + Int(random.next(below: 40))))
        default:
            if characters.count > 1 {
                let other = Int(random.next(below: UInt64(characters.count)))
                characters.swapAt(position, other)
            }
        }
    }

    private func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lineCount = ScenarioLexer.lines(of: text).count
        do {
            let scenario = try ScenarioParser.parse(text, file: "fuzz")
            _ = ScenarioPrinter.text(of: scenario)
        } catch {
            #expect(!error.diagnostics.isEmpty, sourceLocation: sourceLocation)
            for diagnostic in error.diagnostics {
                #expect(diagnostic.line >= 1 && diagnostic.line <= max(1, lineCount), sourceLocation: sourceLocation)
                #expect(diagnostic.column >= 1, sourceLocation: sourceLocation)
            }
            _ = error.rendered(source: text)
        }
    }
}
