import Foundation
import Testing

@testable import TerminalUI

/// The four shipped themes, their compiled-in copies, and `NO_COLOR`.
@Suite struct ShippedThemesTests {
    static let themesDirectory = ThemeTests.repositoryRoot.appendingPathComponent("Themes")

    /// A theme whose every role looks like nothing a real theme would choose: a role that falls
    /// back to it was left out of the theme under test.
    static let sentinel = Theme(
        name: "sentinel",
        styles: Dictionary(
            uniqueKeysWithValues: StyleRole.allCases.map {
                ($0, RoleStyle(foreground: .indexed(123), background: .indexed(45), dim: true, italic: true))
            }))

    @Test(
        "the four shipped themes are in Themes/ and the compiled-in copies are their exact text",
        arguments: BuiltinThemeSources.names)
    func compiledInMatchesFile(name: String) throws {
        let file = try String(
            contentsOf: Self.themesDirectory.appendingPathComponent(name + ".json"), encoding: .utf8)
        #expect(BuiltinThemeSources.json(named: name) == file)
    }

    @Test("each shipped theme loads from its file and defines every role itself", arguments: BuiltinThemeSources.names)
    func definesEveryRole(name: String) throws {
        let selection = ThemeLoader.load(name: name, directories: [Self.themesDirectory.path])
        #expect(selection.warning == nil)
        #expect(selection.theme.name == name)
        let json = try #require(BuiltinThemeSources.json(named: name))
        let theme = try ThemeDecoder.decode(json, fallback: Self.sentinel).get()
        for role in StyleRole.allCases {
            #expect(theme.style(for: role) != Self.sentinel.style(for: role), "\(name) leaves out role \(role)")
        }
    }

    @Test("the shipped themes load by name without any themes directory")
    func compiledInWithoutFolder() {
        for name in BuiltinThemeSources.names {
            let selection = ThemeLoader.load(name: name, directories: [])
            #expect(selection.warning == nil)
            #expect(selection.theme.name == name)
        }
        #expect(ThemeLoader.availableThemes(in: []) == BuiltinThemeSources.names.sorted())
    }

    @Test("NO_COLOR with any non-empty value turns colour off; empty or unset leaves it on")
    func noColorDetection() {
        #expect(ColorMode.detect(colors: 256, environment: ["NO_COLOR": "1"]) == .monochrome)
        #expect(ColorMode.detect(colors: 8, environment: ["NO_COLOR": "yes please"]) == .monochrome)
        #expect(ColorMode.detect(colors: 256, environment: ["NO_COLOR": ""]) == .xterm256)
        #expect(ColorMode.detect(colors: 256, environment: [:]) == .xterm256)
        #expect(ColorMode.detect(colors: 8, environment: [:]) == .ansi8)
        #expect(ColorMode.detect(colors: 0, environment: [:]) == .monochrome)
    }

    @Test("without colour no role of any theme needs a colour pair", arguments: BuiltinThemeSources.names)
    func monochromeUsesNoPairs(name: String) throws {
        let theme = try #require(Theme.builtin(named: name))
        for role in StyleRole.allCases {
            #expect(!ResolvedStyle.resolve(role, theme: theme, mode: .monochrome).usesColor, "\(name).\(role)")
        }
        // With colour, the same theme does use pairs (the test above can fail).
        if name != "monochrome" {
            #expect(ResolvedStyle.resolve(.healthy, theme: theme, mode: .xterm256).usesColor)
        }
    }

    @Test("in the monochrome theme, without colour, health still looks different in every bucket")
    func monochromeHealthDistinct() {
        let looks = [StyleRole.healthy, .warning, .critical, .offline, .selection].map {
            ResolvedStyle.resolve($0, theme: .monochrome, mode: .monochrome)
        }
        #expect(Set(looks).count == looks.count)
    }

    @Test("without colour, a role with its own background turns to reverse video")
    func monochromeReverse() {
        let selection = ResolvedStyle.resolve(.selection, theme: .default, mode: .monochrome)
        #expect(selection.reverse)
        #expect(!ResolvedStyle.resolve(.text, theme: .default, mode: .monochrome).reverse)
        // A theme that paints every role's background reverses only those that differ from text.
        let contrast = Theme.builtin(named: "high-contrast") ?? .default
        #expect(!ResolvedStyle.resolve(.healthy, theme: contrast, mode: .monochrome).reverse)
        #expect(ResolvedStyle.resolve(.critical, theme: contrast, mode: .monochrome).reverse)
    }
}
