/// A generated enum that can ask libxl for its own string form (tests compare it with ours).
protocol LibxlCEnumeration {
    /// `libxl_<enum>_to_string`, or nil for a value libxl does not define.
    var cLibxlString: String? { get }
}
