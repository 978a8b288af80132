import XendModel

extension OpArguments {
    /// An `int` parameter that some xend releases declared and others did not (device_destroy's `force`
    /// and `rm_cfg` arrived after 3.0.x): `defaultValue` when absent, otherwise bound like ``int(_:)``.
    func int(_ name: RequestParameter, default defaultValue: Int) throws(XendError) -> Int {
        guard parameters[name.rawValue] != nil else { return defaultValue }
        return try int(name)
    }
}

extension OpArguments {
    /// A `bool` parameter that not every release declared (migrate's `change_home_server`):
    /// `defaultValue` when absent, otherwise bound like ``bool(_:)``.
    func bool(_ name: RequestParameter, default defaultValue: Bool) throws(XendError) -> Bool {
        guard parameters[name.rawValue] != nil else { return defaultValue }
        return try bool(name)
    }
}
