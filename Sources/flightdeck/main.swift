import CHeapPolicy
import FlightdeckApp
import Foundation

// The heap serves and keeps large blocks (a simulation's fetch answers and growing tables)
// instead of mapping fresh pages for each: see Docs/decisions/0006-heap-serves-large-blocks.md.
_ = flightdeck_keep_heap_memory()

exit(
    Flightdeck.main(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
