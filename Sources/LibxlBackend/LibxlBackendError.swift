public import XendModel

extension XendError {
    /// An operation or config key the libxl backend does not carry out yet; it fails rather than pretend.
    public static func notSupportedByLibxl(_ what: String) -> XendError {
        XendError(.notImplemented, "not supported by the libxl backend yet: \(what)")
    }

    /// A config value the libxl backend cannot express.
    static func libxlConfiguration(_ detail: String) -> XendError {
        .invalidConfigurationValue(detail)
    }
}
