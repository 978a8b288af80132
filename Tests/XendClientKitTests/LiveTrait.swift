import Testing

/// Marks tests that start the real `xend` executable.
extension Trait where Self == ConditionTrait {
    static var needsDaemon: Self {
        .enabled(if: XendDaemon.isAvailable, "needs the built xend executable (swift build --build-tests builds it)")
    }
}
