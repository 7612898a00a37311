import TerminalUI

/// A command line that could not be understood: the one-line message shown above the usage.
public struct UsageError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Options of the console (the command with no subcommand).
public struct ConsoleOptions: Hashable, Sendable {
    /// `--theme NAME|PATH`: a theme name from the themes directories, or a theme file.
    public var theme: String?
    /// `--themes-dir DIR`: searched before the standard themes directories.
    public var themesDirectory: String?
    /// `--scenario FILE|NAME`: run a scenario (a file, or a built-in name) instead of the default
    /// cluster.
    public var scenario: String?
    /// `--seed N`: the seed (over the scenario's own); `nil`: the scenario's own, else 1, and the
    /// default cluster draws one.
    public var seed: UInt64?
    /// `--lag-threshold N`: lag of at most N records counts as none in the groups' Burrow-style
    /// status (nil: Burrow's rules exactly).
    public var lagThreshold: Int64?
    /// `--port-base P`: broker N listens for real Kafka clients on `127.0.0.1:<P + N>`.
    public var portBase = 9091
    /// `--no-listen`: no listeners for real clients.
    public var listens = true
    /// `--brokers N`: brokers in the default cluster (a scenario declares its own).
    public var brokers = 3
    /// `--record FILE`: write the session (the scenario and each operator command at its virtual
    /// time) there as a scenario file.
    public var recordPath: String?
    /// `--speed X`: virtual seconds per wall second at the start (0.1 to 100; the listeners for
    /// real clients hold it at 1 while they are open).
    public var speed: Double = 1
    /// `--data-dir DIR`: the brokers' logs go there and stay after the console quits (default: a
    /// fresh directory under the temp dir, removed on quit).
    public var dataDirectory: String?

    public init(
        theme: String? = nil, themesDirectory: String? = nil, scenario: String? = nil, seed: UInt64? = nil,
        lagThreshold: Int64? = nil
    ) {
        self.theme = theme
        self.themesDirectory = themesDirectory
        self.scenario = scenario
        self.seed = seed
        self.lagThreshold = lagThreshold
    }
}

/// Options of `flightdeck bench log`, `flightdeck bench cluster` and `flightdeck bench consume`.
public struct BenchOptions: Hashable, Sendable {
    /// What to measure.
    public enum Suite: String, Hashable, Sendable, CaseIterable {
        /// The log engine: append, read, recovery, and a bare write(2) baseline.
        case log
        /// The whole cluster's produce path: replication factor 3 at acks=all and acks=1, and 1.
        case cluster
        /// The consume path (throughput, end-to-end latency) and the assignors' CPU cost.
        case consume
        /// The whole simulation's speed-up over real time (the default cluster at 10,000 records/s).
        case sim
        /// The console: render + diff time per frame at 200×60, bytes per idle frame.
        case render
    }

    public var suite: Suite
    /// `--dir DIR`: where the benchmark writes its log (default: a fresh directory under the
    /// temp dir, removed afterwards).
    public var directory: String?
    /// `--log-mib N` (log only): how much log to write, in MiB (default 1024: recovery is measured on it).
    public var logMebibytes: Int
    /// `--records N` (cluster and consume): records each cluster setup produces, or the consume
    /// benchmark fills its topic with and reads back (default 2,000,000).
    public var records: Int
    /// `--runs N`: repeat the whole benchmark N times and print the medians (default 1).
    public var runs: Int

    public init(
        suite: Suite, directory: String? = nil, logMebibytes: Int = 1024, records: Int = 2_000_000, runs: Int = 1
    ) {
        self.suite = suite
        self.directory = directory
        self.logMebibytes = logMebibytes
        self.records = records
        self.runs = runs
    }
}

/// What the command line asks for.
public enum Invocation: Hashable, Sendable {
    case console(ConsoleOptions)
    /// Print the usage of the command, or of one subcommand.
    case help(subcommand: String?)
    case version
    case bench(BenchOptions)
    case drill(DrillOptions)
    case serve(ServeOptions)
    /// `flightdeck scenarios [show NAME]`.
    case scenarios(ScenariosOptions)
    /// `flightdeck run FILE|NAME …`.
    case run(RunOptions)
    /// `flightdeck sweep --seeds N …`.
    case sweep(SweepOptions)
    /// `flightdeck snapshot …`: one console view, rendered headless as text.
    case snapshot(SnapshotOptions)
}

/// `flightdeck sweep --seeds N [--start S] [--budget D] [--out DIR]`: random drills, one per seed.
public struct SweepOptions: Hashable, Sendable {
    /// How many seeds, from `start` on.
    public var seeds: Int
    /// The first seed; `nil`: draw one (and print it).
    public var start: UInt64?
    /// `--budget D`: stop starting new seeds once this much wall-clock time has passed.
    public var budgetSeconds: Int?
    /// `--out DIR`: write each failing seed's drill there as `sweep-<seed>.scenario`.
    public var outputDirectory: String?

    public init(seeds: Int, start: UInt64? = nil, budgetSeconds: Int? = nil, outputDirectory: String? = nil) {
        self.seeds = seeds
        self.start = start
        self.budgetSeconds = budgetSeconds
        self.outputDirectory = outputDirectory
    }
}

/// `flightdeck scenarios`: the built-in scenario library.
public enum ScenariosOptions: Hashable, Sendable {
    /// List every built-in scenario with its one-line summary.
    case list
    /// `show NAME`: print the scenario's text, to copy and edit.
    case show(name: String)
    /// `check FILE|NAME…`: parse each and report its mistakes, without running anything.
    case check([String])
}

/// `flightdeck run FILE|NAME [--seed N] [--report text|json] [--out FILE]`: a scenario, headless.
public struct RunOptions: Hashable, Sendable {
    /// How the drill scorecard is written.
    public enum ReportFormat: String, Hashable, Sendable, CaseIterable {
        case text
        case json
    }

    /// A scenario file, or the name of a built-in scenario.
    public var scenario: String
    /// `nil`: the scenario's own `seed`, else one drawn at random (and printed).
    public var seed: UInt64?
    public var report: ReportFormat = .text
    /// `--out FILE`: write the report there instead of standard output.
    public var outputPath: String?

    public init(scenario: String, seed: UInt64? = nil, report: ReportFormat = .text, outputPath: String? = nil) {
        self.scenario = scenario
        self.seed = seed
        self.report = report
        self.outputPath = outputPath
    }
}

/// `flightdeck serve`: the default cluster headless, listening for real Kafka clients.
public struct ServeOptions: Hashable, Sendable {
    /// `nil`: draw one (and print it).
    public var seed: UInt64?
    public var brokers = 3
    /// Broker N listens on `127.0.0.1:<portBase + N>`.
    public var portBase = 9091
    /// `--scenario FILE|NAME`: serve a scenario's cluster, topics, workloads and timeline
    /// instead of the default cluster.
    public var scenario: String?

    public init(seed: UInt64? = nil) {
        self.seed = seed
    }
}

/// `flightdeck drill`: a seeded chaos drill, headless.
public struct DrillOptions: Hashable, Sendable {
    /// `nil`: draw one (and print it, so the run can be replayed).
    public var seed: UInt64?
    public var brokers = 4
    public var chaosSeconds = 60
    public var recoverySeconds = 60

    public init(seed: UInt64? = nil) {
        self.seed = seed
    }
}

/// Parses `flightdeck`'s arguments. One small type, so every subcommand has one place to go
/// and every error path is testable without a process.
public enum Arguments {
    /// Parses the arguments after the program name.
    public static func parse(_ arguments: [String]) throws(UsageError) -> Invocation {
        var cursor = ArgumentCursor(arguments)
        if let first = arguments.first, !first.hasPrefix("-") {
            cursor.skip()
            switch first {
            case "bench": return try parseBench(&cursor)
            case "drill": return try parseDrill(&cursor)
            case "serve": return try parseServe(&cursor)
            case "scenarios": return try parseScenarios(&cursor)
            case "run": return try parseRun(&cursor)
            case "sweep": return try parseSweep(&cursor)
            case "snapshot": return try parseSnapshot(&cursor)
            default:
                let hint = closestMatch(to: first, in: knownSubcommands).map { " (did you mean '\($0)'?)" } ?? ""
                throw UsageError("unknown command '\(first)'\(hint)")
            }
        }
        var options = ConsoleOptions()
        while let (flag, inline) = cursor.next() {
            switch flag {
            case "-h", "--help":
                try cursor.refuseValue(inline, for: flag)
                return .help(subcommand: nil)
            case "-V", "--version":
                try cursor.refuseValue(inline, for: flag)
                return .version
            case "--theme":
                options.theme = try cursor.value(for: flag, inline: inline)
            case "--themes-dir":
                options.themesDirectory = try cursor.value(for: flag, inline: inline)
            case "--scenario", "--replay":
                guard options.scenario == nil else {
                    throw UsageError("give one of --scenario and --replay, once (both open a scenario)")
                }
                options.scenario = try cursor.value(for: flag, inline: inline)
            case "--seed":
                options.seed = try cursor.seed(for: flag, inline: inline)
            case "--brokers":
                options.brokers = try cursor.positiveInteger(for: flag, inline: inline, limit: 64)
            case "--record":
                options.recordPath = try cursor.value(for: flag, inline: inline)
            case "--speed":
                let text = try cursor.value(for: flag, inline: inline)
                guard let speed = speedFactor(text) else {
                    throw UsageError(
                        "option '--speed' needs a factor from 0.1 to 100 (such as 10 or 0.5x), got '\(text)'")
                }
                options.speed = speed
            case "--data-dir":
                options.dataDirectory = try cursor.value(for: flag, inline: inline)
            case "--lag-threshold":
                let text = try cursor.value(for: flag, inline: inline)
                guard let records = Int64(text), records >= 0 else {
                    throw UsageError("option '--lag-threshold' needs a whole number of records, got '\(text)'")
                }
                options.lagThreshold = records
            case "--port-base":
                options.portBase = try cursor.positiveInteger(for: flag, inline: inline, limit: 65_470)
            case "--no-listen":
                try cursor.refuseValue(inline, for: flag)
                options.listens = false
            default:
                throw unknown(flag, known: consoleFlags)
            }
        }
        return .console(options)
    }

    /// `10`, `10x`, `x10` or `0.5` as a speed factor within 0.1…100.
    static func speedFactor(_ text: String) -> Double? {
        var digits = Substring(text)
        if digits.hasSuffix("x") || digits.hasSuffix("×") { digits = digits.dropLast() }
        if digits.hasPrefix("x") || digits.hasPrefix("×") { digits = digits.dropFirst() }
        guard let value = Double(digits), value.isFinite, (0.1...100).contains(value) else { return nil }
        return value
    }

    static let consoleFlags = [
        "--help", "--version", "--theme", "--themes-dir", "--scenario", "--replay", "--seed", "--brokers", "--record",
        "--speed", "--data-dir", "--lag-threshold", "--port-base", "--no-listen",
    ]
    static let benchFlags = ["--help", "--dir", "--log-mib", "--records", "--runs"]
    static let drillFlags = ["--help", "--seed", "--brokers", "--chaos", "--recovery"]
    static let serveFlags = ["--help", "--seed", "--brokers", "--port-base", "--scenario"]
    static let runFlags = ["--help", "--seed", "--report", "--out"]
    static let sweepFlags = ["--help", "--seeds", "--start", "--budget", "--out"]

    private static func parseSweep(_ cursor: inout ArgumentCursor) throws(UsageError) -> Invocation {
        var seeds: Int?
        var options = SweepOptions(seeds: 0)
        while let (flag, inline) = cursor.next() {
            switch flag {
            case "-h", "--help":
                try cursor.refuseValue(inline, for: flag)
                return .help(subcommand: "sweep")
            case "--seeds":
                seeds = try cursor.positiveInteger(for: flag, inline: inline, limit: 1_000_000)
            case "--start":
                options.start = try cursor.seed(for: flag, inline: inline)
            case "--budget":
                let text = try cursor.value(for: flag, inline: inline)
                guard let seconds = wholeSeconds(text) else {
                    throw UsageError(
                        "option '--budget' needs a positive duration such as 90s, 2m or 1h, got '\(text)'")
                }
                options.budgetSeconds = seconds
            case "--out":
                options.outputDirectory = try cursor.value(for: flag, inline: inline)
            default:
                throw unknown(flag, known: sweepFlags)
            }
        }
        guard let seeds else { throw UsageError("sweep needs --seeds N: how many seeds to run") }
        options.seeds = seeds
        return .sweep(options)
    }

    /// `90s`, `2m`, `1h` or a bare number of seconds, as whole seconds (positive).
    static func wholeSeconds(_ text: String) -> Int? {
        let units: [(suffix: String, seconds: Int)] = [("h", 3600), ("m", 60), ("s", 1)]
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let value = Int(text.dropLast(unit.suffix.count)), value > 0, value <= 1_000_000 else { return nil }
            return value * unit.seconds
        }
        guard let value = Int(text), value > 0, value <= 100_000_000 else { return nil }
        return value
    }
    static let knownSubcommands = ["bench", "drill", "serve", "scenarios", "run", "sweep", "snapshot"]

    private static func parseScenarios(_ cursor: inout ArgumentCursor) throws(UsageError) -> Invocation {
        guard let first = cursor.peek() else { return .scenarios(.list) }
        cursor.skip()
        if first == "-h" || first == "--help" { return .help(subcommand: "scenarios") }
        if first == "check" {
            var references: [String] = []
            while let next = cursor.peek() {
                cursor.skip()
                if next == "-h" || next == "--help" { return .help(subcommand: "scenarios") }
                guard !next.hasPrefix("-") else { throw unknown(next, known: ["--help"]) }
                references.append(next)
            }
            guard !references.isEmpty else {
                throw UsageError("scenarios check needs at least one scenario file or built-in name")
            }
            return .scenarios(.check(references))
        }
        guard first == "show" else {
            if first.hasPrefix("-") { throw unknown(first, known: ["--help"]) }
            let hint = closestMatch(to: first, in: ["show", "check"]).map { " (did you mean '\($0)'?)" } ?? ""
            throw UsageError(
                "unknown scenarios command '\(first)'\(hint); try 'flightdeck scenarios show NAME' or 'check FILE'")
        }
        guard let name = cursor.peek(), !name.hasPrefix("-") else {
            if let flag = cursor.peek(), flag == "-h" || flag == "--help" { return .help(subcommand: "scenarios") }
            throw UsageError("scenarios show needs a scenario name (flightdeck scenarios lists them)")
        }
        cursor.skip()
        if let extra = cursor.peek() {
            if extra == "-h" || extra == "--help" { return .help(subcommand: "scenarios") }
            throw unknown(extra, known: ["--help"])
        }
        return .scenarios(.show(name: name))
    }

    private static func parseRun(_ cursor: inout ArgumentCursor) throws(UsageError) -> Invocation {
        var scenario: String?
        var seed: UInt64?
        var report = RunOptions.ReportFormat.text
        var outputPath: String?
        while let (flag, inline) = cursor.next() {
            switch flag {
            case "-h", "--help":
                try cursor.refuseValue(inline, for: flag)
                return .help(subcommand: "run")
            case "--seed":
                seed = try cursor.seed(for: flag, inline: inline)
            case "--report":
                let text = try cursor.value(for: flag, inline: inline)
                guard let format = RunOptions.ReportFormat(rawValue: text) else {
                    throw UsageError("option '--report' needs text or json, got '\(text)'")
                }
                report = format
            case "--out":
                outputPath = try cursor.value(for: flag, inline: inline)
            default:
                guard !flag.hasPrefix("-"), scenario == nil else { throw unknown(flag, known: runFlags) }
                scenario = flag
            }
        }
        guard let scenario else {
            throw UsageError("run needs a scenario: a file or a built-in name (flightdeck scenarios lists them)")
        }
        return .run(RunOptions(scenario: scenario, seed: seed, report: report, outputPath: outputPath))
    }

    private static func parseServe(_ cursor: inout ArgumentCursor) throws(UsageError) -> Invocation {
        var options = ServeOptions()
        var brokersGiven = false
        while let (flag, inline) = cursor.next() {
            switch flag {
            case "-h", "--help":
                try cursor.refuseValue(inline, for: flag)
                return .help(subcommand: "serve")
            case "--seed":
                options.seed = try cursor.seed(for: flag, inline: inline)
            case "--brokers":
                options.brokers = try cursor.positiveInteger(for: flag, inline: inline, limit: 64)
                brokersGiven = true
            case "--port-base":
                options.portBase = try cursor.positiveInteger(for: flag, inline: inline, limit: 65_470)
            case "--scenario":
                options.scenario = try cursor.value(for: flag, inline: inline)
            default:
                throw unknown(flag, known: serveFlags)
            }
        }
        if brokersGiven, options.scenario != nil {
            throw UsageError("option '--brokers' does not go with '--scenario': the scenario declares its cluster")
        }
        return .serve(options)
    }

    private static func parseDrill(_ cursor: inout ArgumentCursor) throws(UsageError) -> Invocation {
        var options = DrillOptions()
        while let (flag, inline) = cursor.next() {
            switch flag {
            case "-h", "--help":
                try cursor.refuseValue(inline, for: flag)
                return .help(subcommand: "drill")
            case "--seed":
                options.seed = try cursor.seed(for: flag, inline: inline)
            case "--brokers":
                options.brokers = try cursor.positiveInteger(for: flag, inline: inline, limit: 64)
                guard options.brokers >= 3 else {
                    throw UsageError("option '--brokers' needs at least 3 brokers (the topic has 3 replicas)")
                }
            case "--chaos":
                options.chaosSeconds = try cursor.positiveInteger(for: flag, inline: inline, limit: 86_400)
            case "--recovery":
                options.recoverySeconds = try cursor.positiveInteger(for: flag, inline: inline, limit: 86_400)
            default:
                throw unknown(flag, known: drillFlags)
            }
        }
        return .drill(options)
    }

    private static func parseBench(_ cursor: inout ArgumentCursor) throws(UsageError) -> Invocation {
        guard let suiteName = cursor.peek(), !suiteName.hasPrefix("-") else {
            if let flag = cursor.peek(), flag == "--help" || flag == "-h" { return .help(subcommand: "bench") }
            throw UsageError(
                "bench needs a suite: \(BenchOptions.Suite.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        cursor.skip()
        guard let suite = BenchOptions.Suite(rawValue: suiteName) else {
            let names = BenchOptions.Suite.allCases.map(\.rawValue)
            let hint = closestMatch(to: suiteName, in: names).map { " (did you mean '\($0)'?)" } ?? ""
            throw UsageError("unknown bench suite '\(suiteName)'\(hint); suites: \(names.joined(separator: ", "))")
        }
        var options = BenchOptions(suite: suite)
        while let (flag, inline) = cursor.next() {
            switch flag {
            case "-h", "--help":
                try cursor.refuseValue(inline, for: flag)
                return .help(subcommand: "bench")
            case "--dir":
                options.directory = try cursor.value(for: flag, inline: inline)
            case "--log-mib":
                try refuse(flag, unless: suite == .log)
                options.logMebibytes = try cursor.positiveInteger(for: flag, inline: inline, limit: 1 << 20)
            case "--records":
                try refuse(flag, unless: suite == .cluster || suite == .consume)
                options.records = try cursor.positiveInteger(for: flag, inline: inline, limit: 1_000_000_000)
            case "--runs":
                options.runs = try cursor.positiveInteger(for: flag, inline: inline, limit: 100)
            default:
                throw unknown(flag, known: benchFlags)
            }
        }
        return .bench(options)
    }

    private static func refuse(_ flag: String, unless applies: Bool) throws(UsageError) {
        if !applies {
            let owner = flag == "--records" ? "cluster and bench consume" : "log"
            throw UsageError("option '\(flag)' applies to bench \(owner) only")
        }
    }

    static func unknown(_ argument: String, known: [String]) -> UsageError {
        if argument.hasPrefix("-") {
            let hint = closestMatch(to: argument, in: known).map { " (did you mean \($0)?)" } ?? ""
            return UsageError("unknown option '\(argument)'\(hint)")
        }
        return UsageError("unexpected argument '\(argument)'")
    }

    /// The text of `flightdeck --help`.
    public static let usage = """
        Usage: flightdeck [options]

        Flightdeck is a flight simulator for Kafka operators: a live console over an in-process
        Kafka cluster whose brokers you can kill, pause and cut off, to watch what Kafka does.

        Commands:
          (none)              open the console
          bench log           measure the log engine (see flightdeck bench --help)
          bench cluster       measure the whole cluster's produce path
          bench consume       measure the consume path and the group assignors
          bench sim           measure the simulation's speed-up over real time
          bench render        measure the console's render + diff time per frame
          drill               run a seeded chaos drill headless and check what Kafka promises
          serve               run the cluster headless for real Kafka clients (kcat, librdkafka, …)
          scenarios           list the built-in scenarios; show NAME prints one, check FILE checks one
          run FILE|NAME       run a scenario headless and print its drill scorecard
          sweep --seeds N     run N random drills (one per seed) and print the seeds that fail
          snapshot            print one console view as plain text, headless (--view, --at)

        Options:
          --theme NAME|PATH   colour theme: a name from the themes directories (default: default)
                              or a path to a theme file (see Docs/THEMES.md)
          --themes-dir DIR    look for themes in DIR first
          --scenario FILE|NAME
                              run a scenario (a file or a built-in name) in the console, with its
                              narration; `say … wait` pauses until Space (see Docs/SCENARIOS.md)
          --replay FILE       open a recorded session (a scenario file) and run it again, exactly
          --seed N            the seed (default: a scenario's own seed, else 1; the default
                              cluster draws one at random)
          --brokers N         brokers in the default cluster (default 3)
          --record FILE       write the session as a scenario file: the scenario plus each
                              command you gave, at its virtual time (replay it with --replay)
          --speed X           virtual seconds per wall second, 0.1 to 100 (default 1; held at 1
                              while listeners for real clients are open: add --no-listen)
          --data-dir DIR      keep the brokers' logs in DIR (new or empty); default: a fresh
                              directory under the temp dir, removed when the console quits
          --lag-threshold N   lag of at most N records counts as none in the groups' Burrow-style
                              status (default: none, Burrow's rules exactly; see Docs/GROUPS.md)
          --port-base P       broker N listens for real Kafka clients on 127.0.0.1:<P + N>
                              (default 9091: broker 1 is 127.0.0.1:9092; see Docs/REAL-CLIENTS.md)
          --no-listen         open no listeners for real clients
          -h, --help          show this help and exit
          -V, --version       print the version and exit

        Keys in the console: ? help, q quit. Docs: Docs/README.md
        """

    /// The text of `flightdeck drill --help`.
    public static let drillUsage = """
        Usage: flightdeck drill [--seed N] [--brokers N] [--chaos SECONDS] [--recovery SECONDS]

        Runs a chaos drill in virtual time, as fast as the machine allows: a cluster of N brokers
        (default 4; the first 3 run the KRaft controller quorum) with topic `chaos` (3 partitions,
        replication factor 3, min.insync.replicas=2) under a steady acks=all load, while seeded
        faults come and go for the chaos period (kills, restarts, network partitions one-way and
        both ways, isolation, pauses); then the network heals, every broker restarts, and the
        cluster has the recovery period to get every partition led and fully replicated again.

        Prints `seed: N` first, the faults as they were injected, what the checker found, and the
        run's trace digest: the same seed gives the same run and the same digest on any machine.
        Exit status 0 when nothing acknowledged was lost, no invariant broke and every partition
        recovered; 1 otherwise; 2 for a bad option.

        Options:
          --seed N           the seed (default: drawn at random, and printed)
          --brokers N        brokers in the cluster, at least 3 (default 4)
          --chaos SECONDS    how long faults are injected (default 60)
          --recovery SECONDS how long the healed cluster has to recover (default 60)
          -h, --help         show this help
        """

    /// The text of `flightdeck sweep --help`.
    public static let sweepUsage = """
        Usage: flightdeck sweep --seeds N [--start S] [--budget D] [--out DIR]

        Runs N random drills, one per seed from S on, in virtual time with every checker on. Each
        seed draws a cluster (3 to 5 brokers, topics with replication factor 3 and
        min.insync.replicas=2), producers (acks=all, idempotent) and maybe a consumer group, then
        a fault phase of 1 to 5 random faults starting from 10 s to 30 s and lasting 3 to 20 s
        (kills, stops, power loss, pauses, isolation, network partitions one-way and both ways,
        latency, packet loss, bandwidth caps, slow, full and failing disks, client crashes); at
        51 s everything heals and brokers a disk fault halted restart; by 100 s every partition
        must have a leader
        and its full replica set in the ISR, no acknowledged record may be lost and none written
        twice, and no checker may have found anything.

        Prints the first seed, then each failing seed with what failed and the command that
        replays it; on a terminal, a progress line (seeds done, seeds per second, time left) on
        standard error. Exit status 0 when every seed passed, 1 when one failed, 2 for a bad
        option.

        Options:
          --seeds N    how many seeds to run (required)
          --start S    the first seed (default: drawn at random, and printed)
          --budget D   stop starting new seeds after D of wall-clock time (90s, 2m, 1h)
          --out DIR    write each failing seed's drill to DIR/sweep-<seed>.scenario, for
                       flightdeck run (and for editing into a regression test)
          -h, --help   show this help
        """

    /// The text of `flightdeck scenarios --help`.
    public static let scenariosUsage = """
        Usage: flightdeck scenarios
               flightdeck scenarios show NAME
               flightdeck scenarios check FILE|NAME...

        Lists the built-in scenarios, one per line: the name and what happens in it. `show NAME`
        prints a scenario's text; save it to a file, edit it, and run your copy with
        `flightdeck run FILE`. `check` reads scenario files and reports every mistake
        (file:line:column, what was expected, a hint) without running them: exit status 0 when
        all are fine, 2 otherwise. The language is described in Docs/SCENARIOS.md.
        """

    /// The text of `flightdeck run --help`.
    public static let runUsage = """
        Usage: flightdeck run FILE|NAME [--seed N] [--report text|json] [--out FILE]

        Runs a scenario headless, in virtual time as fast as the machine allows: a scenario file,
        or the name of a built-in scenario (flightdeck scenarios lists them). Prints `seed: N`
        first, then the drill scorecard. A file with mistakes is reported line by line
        (file:line:column, what was expected, a hint) and nothing runs.

        Exit status 0 when every expectation holds, 1 when one fails, 2 for a bad file or option.

        Options:
          --seed N              the seed (default: the scenario's seed, else drawn at random)
          --report text|json    the scorecard's format (default text)
          --out FILE            write the scorecard to FILE instead of standard output
          -h, --help            show this help
        """

    /// The text of `flightdeck serve --help`.
    public static let serveUsage = """
        Usage: flightdeck serve [--scenario FILE|NAME] [--port-base P] [--seed N] [--brokers N]

        Runs the default cluster headless (topics `orders`, 6 partitions, and `order-events`,
        3 partitions, replication factor 3; no simulated clients) or, with --scenario, a
        scenario's cluster, topics, producers, consumer groups and timeline (its `say` lines and
        steps print as they fire, `say … wait` does not wait, and the cluster keeps serving when
        the timeline ends), with every broker listening for real Kafka clients:
        broker N on 127.0.0.1:<P + N>, so with the default base 9091 broker 1 is 127.0.0.1:9092.
        Virtual time runs at wall-clock pace. Prints `seed: N`, a line per listener, the
        bootstrap address (`bootstrap: 127.0.0.1:9092,…`), and `ready: …` once the topics exist.
        A port that is taken is reported and that broker serves without a listener.

        Reads operator commands from stdin, one per line, and prints each result (`ok: …` or
        `error: …`):
          kill N       kill -9 broker N: its port and connections close
          restart N    start a stopped broker again: its port reopens
          stop N       controlled shutdown of broker N (leadership moves first)
          isolate N    cut broker N off from every node, clients too: it stops answering
          rejoin N     undo isolate N
          pause N S    stop broker N's process for S seconds: its port stays open, nothing answers
          heal         lift every network fault
          status       brokers, listeners, connections and request counters
          quit         close every port and exit
        and the console's broker and network actions in the scenario language: kill, stop,
        restart, power-loss BROKER; pause BROKER for D; isolate BROKER; partition {1} {2 3};
        where BROKER is N, leader of orders-0, follower of orders-0 or controller.
        At the end of stdin it keeps serving until SIGINT or SIGTERM, so it can run in the
        background (`flightdeck serve < /dev/null &`). The logs live in memory.

        Options:
          --scenario FILE|NAME
                         serve a scenario (a file or a built-in name; flightdeck scenarios lists them)
          --port-base P  broker N listens on 127.0.0.1:<P + N> (default 9091)
          --seed N       the seed (default: the scenario's, else drawn at random; printed)
          --brokers N    brokers in the default cluster (default 3; the first 3 run the KRaft quorum)
          -h, --help     show this help
        """

    /// The text of `flightdeck bench --help`.
    public static let benchUsage = """
        Usage: flightdeck bench log [--dir DIR] [--log-mib N] [--runs N]
               flightdeck bench cluster [--dir DIR] [--records N] [--runs N]
               flightdeck bench consume [--dir DIR] [--records N] [--runs N]
               flightdeck bench sim [--dir DIR] [--runs N]
               flightdeck bench render [--runs N]

        Measures the log engine on real files and prints one figure per line as `name value unit`:
        append and read throughput, recovery speed over the whole log, a bare write(2)+CRC loop
        over the same bytes as the baseline, and peak resident memory. Build with
        `swift build -c release` first: debug builds are many times slower.

        bench cluster produces N records of 100 bytes in ~16 KiB batches (5 requests in flight
        per partition, 6 partitions) through the whole simulated cluster on real files, for
        3 brokers with replication factor 3 at acks=all and acks=1, and replication factor 1 at
        acks=all: wall-clock records/s, produce latency p50/p99 in simulated time, simulated
        events/s.

        bench consume fills a 6-partition topic (3 brokers, replication factor 3, real files)
        with N records of 100 bytes, then reads them all with one KafkaConsumer: wall-clock
        records/s from the first Fetch to the last record; end-to-end latency p50/p99 (produce
        sent to poll returned, simulated time) over min(N, 120000) records at 12,000 records/s;
        and the wall microseconds of one assignment of 100 members over 1,000 partitions per
        assignor.

        bench sim runs the default order-processing cluster (3 brokers, orders 6 partitions RF 3,
        order-events, an acks=all producer at 10,000 records/s, groups inventory and analytics)
        for 60 s of virtual time, headless and without invariant checks, once on simulated
        storage and once on real files: the speed-up over real time, simulated events/s and
        acknowledged records/s (wall clock, setup excluded).

        bench render measures the console at 200×60, for the default cluster (3 brokers, run
        headless for 30 s, then 50 frames at 10 a second) and for a hand-built cluster of
        30 brokers, 3,000 partitions and 20 groups: the median wall time of one frame per view
        (fold the snapshot into the history, render the grid, diff it against the previous
        frame), and the bytes a frame writes to the terminal when nothing changed (idle) and
        while the default cluster runs (estimated from the diff: a cursor move and a style
        change per changed run, plus its UTF-8 text).

        Options:
          --dir DIR      write the benchmark log under DIR (default: a fresh temp directory,
                         removed afterwards)
          --log-mib N    log: MiB of log to append and then recover (default 1024)
          --records N    cluster, consume: records to produce per setup (default 2000000)
          --runs N       repeat N times and print the median of each figure (default 1)
          -h, --help     show this help
        """
}
