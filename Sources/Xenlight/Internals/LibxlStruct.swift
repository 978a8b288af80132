internal import CLibxl

/// What every generated struct provides; the C type never leaves this module.
///
/// Lifetime rule (libxl.h, "IDL-generated libxl types"): init before use, dispose exactly once.
/// `withC` is the only way to get a C value: init → fill → body → dispose.
protocol LibxlStruct: Sendable {
    associatedtype CType

    static var libxlDefault: Self { get }
    static func initialize(_ c: UnsafeMutablePointer<CType>)
    static func dispose(_ c: UnsafeMutablePointer<CType>)
    static func generateJSON(_ generator: yajl_gen, _ c: UnsafeMutablePointer<CType>) -> yajl_gen_status
    static func parseJSON(_ context: OpaquePointer, _ c: UnsafeMutablePointer<CType>, _ json: String) -> CInt

    /// Copies everything out of `c`, so the result never points into C memory.
    init(fromC c: CType)
    /// Writes into a value that `initialize` prepared; strings and arrays are malloc'd for dispose to free.
    func fill(_ c: inout CType)
}

extension LibxlStruct {
    /// Runs `body` with a freshly initialized C value (libxl's defaults), disposed afterwards.
    static func withInitializedC<R, E: Error>(
        _ body: (UnsafeMutablePointer<CType>) throws(E) -> R
    ) throws(E) -> R {
        let pointer = UnsafeMutablePointer<CType>.allocate(capacity: 1)
        defer { pointer.deallocate() }
        initialize(pointer)
        defer { dispose(pointer) }
        return try body(pointer)
    }

    /// Runs `body` with a C copy of this value, disposed afterwards; the pointer must not escape.
    func withC<R, E: Error>(_ body: (UnsafeMutablePointer<CType>) throws(E) -> R) throws(E) -> R {
        try Self.withInitializedC { pointer throws(E) in
            fill(&pointer.pointee)
            return try body(pointer)
        }
    }

    /// The JSON libxl's own `libxl_<T>_gen_json` writes for this value.
    func libxlJSON() throws(XenlightError) -> String {
        try withC { pointer throws(XenlightError) in
            try LibxlJSON.generate { generator in Self.generateJSON(generator, pointer) }
        }
    }

    /// Reads libxl's JSON with libxl's own `libxl_<T>_from_json`.
    static func fromLibxlJSON(_ json: String, context: OpaquePointer) throws(XenlightError) -> Self {
        try withInitializedC { pointer throws(XenlightError) in
            let function = "\(CType.self)_from_json"
            try check(Calls.fromJSON(function) { parseJSON(context, pointer, json) }, function)
            return Self(fromC: pointer.pointee)
        }
    }
}
