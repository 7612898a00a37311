import Foundation
import Testing

extension EndToEndTests {
    @Test("views switch with digits and :name, lists filter and show only problems, a typo gets a suggestion")
    func viewsAndLists() throws {
        let session = try TmuxSession(width: 140, height: 45, command: binary)
        try session.waitFor(text: "● 9 healthy", timeoutSeconds: 30)
        try session.send("4")
        try session.waitFor(text: "REPLICAS · LEO")
        #expect(try session.screen().contains("◆ leader  ● in sync  ◐ out of sync  ✕ offline"))
        try session.send("/", "orders-", "Enter")
        try session.waitFor(text: "Partitions [6/9]  </orders->")
        // Raw mode: Ctrl-Z reaches the console instead of suspending it.
        try session.send("C-z")
        try session.waitFor(text: "⚑ problems only")
        #expect(try !session.screen().contains("orders-0"), "a healthy cluster has no problem partitions")
        try session.send(":", "brok", "Tab", "Enter")
        try session.waitFor(text: "Brokers — logs in /tmp/flightdeck-")
        try session.send(":", "topcs", "Enter")
        try session.waitFor(text: "unknown command 'topcs' — did you mean 'topics'?")
        try session.send("Tab")
        try session.waitFor(text: "Topics [2]")
        try session.send("Enter")
        try session.waitFor(text: "Partitions — topic order-events [3]")
        try session.send("Escape")
        try session.waitFor(text: "Topics [2]")
        try session.send("q")
        #expect(try session.exitStatus() == 0)
    }
}
