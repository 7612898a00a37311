/// Flightdeck's version, shown by `--version` and in the console header.
public enum FlightdeckVersion {
    public static let current = "0.1.0"
}
