/// What this build of the daemon is: `xend --version`, the `xend_build_info` metric and the Debian
/// package's version (packaging/debian/changelog, which `make deb` checks against this) say the same.
public enum XendBuild {
    /// The release version.
    public static let version = "0.1.0"
}
