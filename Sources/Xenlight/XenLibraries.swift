internal import CXenlightShims

/// The libraries the bindings call (libxenlight, libxenctrl, libxenstore, libxentoollog, libyajl), loaded
/// with `dlopen` the first time they are needed rather than with every program that links the
/// bindings: a daemon on the simulated host never loads them. docs/xenlight-gen.md, "Loading the Xen libraries".
public enum XenLibraries {
    /// Loads the libraries and finds every function the bindings call; once per process (later calls
    /// give the first call's answer). ``Context/init(logger:)`` calls it; call it earlier to report a
    /// missing library in your own words.
    /// - Throws: ``XenLibrariesUnavailable``, naming the library or function that is missing.
    public static func load() throws(XenLibrariesUnavailable) {
        var message = [UInt8](repeating: 0, count: 512)
        let failed = message.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { CXenlightShims_load_xen_libraries($0.baseAddress, $0.count) }
        }
        guard failed != 0 else { return }
        throw XenLibrariesUnavailable(description: String(decoding: message.prefix { $0 != 0 }, as: UTF8.self))
    }
}

/// The Xen libraries could not be loaded: `dlopen` or `dlsym` failed, in their words.
public struct XenLibrariesUnavailable: Error, CustomStringConvertible, Sendable {
    /// For example "cannot load the Xen library libxenlight.so.4.17: libxenlight.so.4.17: cannot open
    /// shared object file: No such file or directory".
    public let description: String
}
