import FlightdeckApp
import Foundation

exit(
    Flightdeck.main(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
