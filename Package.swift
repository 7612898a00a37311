// swift-tools-version: 6.2
// Flightdeck: a flight simulator for Kafka operators.
//
// The targets follow the layers of Docs/ARCHITECTURE.md. A dependency edge here is a permission:
// `swift build --explicit-target-dependency-import-check error` fails the build when a target
// imports a module it does not list, so the layer table is enforced by the compiler.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .treatAllWarnings(as: .error),
]

/// The engines and the world that runs them: in release builds, without the run-time exclusivity
/// checks (the compile-time ones stay). Debug builds, which run the test suite, keep them. See
/// Docs/decisions/0005-release-engines-without-runtime-exclusivity-checks.md.
let engine: [SwiftSetting] =
    strict + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "flightdeck",
    products: [
        .executable(name: "flightdeck", targets: ["flightdeck"])
    ],
    targets: [
        // Engines: deterministic, no clocks, no threads, no I/O outside LogStorage.
        .target(name: "CCRC32C", path: "Sources/CCRC32C"),
        .target(name: "KafkaCore", dependencies: ["CCRC32C"], swiftSettings: engine),
        .target(name: "KafkaLog", dependencies: ["KafkaCore"], swiftSettings: engine),
        .target(name: "KafkaCluster", dependencies: ["KafkaCore", "KafkaLog"], swiftSettings: engine),
        .target(name: "KafkaClients", dependencies: ["KafkaCore"], swiftSettings: engine),

        // The world that runs the engines, and the read model the console sees.
        .target(name: "ClusterModel", dependencies: ["KafkaCore"], swiftSettings: strict),
        // The scenario language: the parsed drill (AST), its parser and diagnostics, the library.
        .target(name: "Scenarios", dependencies: ["KafkaCore"], swiftSettings: strict),
        .target(
            name: "Simulation",
            dependencies: ["KafkaCore", "KafkaLog", "KafkaCluster", "KafkaClients", "ClusterModel", "Scenarios"],
            swiftSettings: engine
        ),

        // The Kafka protocol for real clients.
        .target(name: "KafkaWire", dependencies: ["KafkaCore"], swiftSettings: strict),
        .target(
            name: "WireServer", dependencies: ["KafkaWire", "Simulation", "ClusterModel"], swiftSettings: strict),

        // The terminal: pure cell grid and widgets, and the only code that touches ncurses.
        .target(name: "TerminalUI", swiftSettings: strict),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .target(name: "CursesTerminal", dependencies: ["CNcursesw", "TerminalUI"], swiftSettings: strict),
        .target(name: "Console", dependencies: ["TerminalUI", "ClusterModel"], swiftSettings: strict),

        // The command: arguments, subcommands, wall clock, files, signals.
        .target(
            name: "FlightdeckApp",
            dependencies: [
                "Console", "CursesTerminal", "TerminalUI", "ClusterModel", "Simulation", "WireServer",
                "KafkaCore", "Scenarios",
            ],
            swiftSettings: strict
        ),
        // The process's heap policy (glibc's mallopt), set by the executable before anything runs.
        // Its debug info is DWARF 4: valgrind 3.19 (Debian 12), which the performance work
        // profiles with, gives up on the whole binary over this file's DWARF 5.
        .target(name: "CHeapPolicy", path: "Sources/CHeapPolicy", cSettings: [.unsafeFlags(["-gdwarf-4"])]),
        .executableTarget(name: "flightdeck", dependencies: ["FlightdeckApp", "CHeapPolicy"], swiftSettings: strict),

        .testTarget(name: "KafkaCoreTests", dependencies: ["KafkaCore"], swiftSettings: strict),
        .testTarget(name: "KafkaLogTests", dependencies: ["KafkaLog", "KafkaCore"], swiftSettings: strict),
        .testTarget(
            name: "KafkaClusterTests", dependencies: ["KafkaCluster", "KafkaLog", "KafkaCore"],
            swiftSettings: strict
        ),
        .testTarget(name: "KafkaClientsTests", dependencies: ["KafkaClients", "KafkaCore"], swiftSettings: strict),
        .testTarget(
            name: "SimulationTests",
            dependencies: [
                "Simulation", "ClusterModel", "KafkaCluster", "KafkaClients", "KafkaLog", "KafkaCore", "Scenarios",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ScenariosTests", dependencies: ["Scenarios", "KafkaCore", "KafkaCluster"], swiftSettings: strict
        ),
        .testTarget(name: "KafkaWireTests", dependencies: ["KafkaWire", "KafkaCore"], swiftSettings: strict),
        .testTarget(
            name: "WireServerTests",
            dependencies: ["WireServer", "KafkaWire", "Simulation", "KafkaCore", "flightdeck"],
            swiftSettings: strict
        ),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"], swiftSettings: strict),
        .testTarget(
            name: "ConsoleTests", dependencies: ["Console", "TerminalUI", "ClusterModel", "KafkaCore"],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FlightdeckAppTests",
            dependencies: ["FlightdeckApp", "TerminalUI", "Scenarios", "flightdeck", "CHeapPolicy"],
            swiftSettings: strict
        ),
        .testTarget(name: "TidyTests", swiftSettings: strict),
    ]
)
