/// Reads xend's S-expression syntax (docs/protocol.md#parser) from UTF-8 bytes.
///
/// The parser is as tolerant as xend's: both quote styles, C-like escapes, `#` comments, separators that
/// start their own atoms, `!` inside atoms. It is also safe on hostile input: it never recurses, it
/// enforces `Limits`, and every failure is an `SExpressionError` carrying the line and column.
///
/// ```swift
/// let config = try SExpression.parse("(vm (name vm1) (memory 512))")
/// config.string("memory") // "512"
/// ```
public struct SExpressionParser: Sendable {
    /// Bounds that keep hostile input from using unbounded memory.
    public struct Limits: Hashable, Sendable {
        /// Deepest list nesting accepted; `(((x)))` has depth 3.
        public var maxDepth: Int
        /// Longest input accepted, in bytes.
        public var maxBytes: Int

        /// - Parameters:
        ///   - maxDepth: Deepest list nesting accepted (default 256).
        ///   - maxBytes: Longest input accepted, in bytes (default 1 MiB).
        public init(maxDepth: Int = 256, maxBytes: Int = 1 << 20) {
            self.maxDepth = maxDepth
            self.maxBytes = maxBytes
        }
    }

    /// The limits this parser enforces.
    public var limits: Limits

    /// - Parameter limits: The limits to enforce; the defaults suit request bodies.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Parses every top-level value of `bytes` (xend accepted several; callers use the first).
    /// - Parameter bytes: UTF-8 text; read in place when it is contiguous (`[UInt8]`, `String.UTF8View`).
    /// - Returns: The values in order; empty when the input holds only whitespace and comments.
    /// - Throws: `SExpressionError` saying what is wrong and where.
    @inlinable
    public func parseAll(_ bytes: some Collection<UInt8>) throws(SExpressionError) -> [SExpression] {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(SExpressionError) in try parseAll(contiguous: buffer) }
        }
        if let result { return try result.get() }
        // Copy no more than the limit allows, plus one byte so the scanner still reports `tooLarge`.
        let copy = bytes.count > limits.maxBytes ? Array(bytes.prefix(limits.maxBytes + 1)) : Array(bytes)
        return try copy.withUnsafeBufferPointer { (buffer) throws(SExpressionError) in
            try parseAll(contiguous: buffer)
        }
    }

    /// The one entry into the scanner; generic callers are specialised in the caller's module and end here.
    @usableFromInline
    func parseAll(contiguous bytes: UnsafeBufferPointer<UInt8>) throws(SExpressionError) -> [SExpression] {
        var scanner = Scanner(bytes, limits: limits)
        return try scanner.parseAll()
    }

    /// Parses every top-level value of `text`.
    /// - Throws: `SExpressionError` saying what is wrong and where.
    public func parseAll(_ text: String) throws(SExpressionError) -> [SExpression] {
        try parseAll(text.utf8)
    }

    /// Parses `bytes` and returns the first top-level value, as xend used it; the rest must still parse.
    /// - Throws: `SExpressionError`; kind `.empty` when there is no value at all.
    @inlinable
    public func parse(_ bytes: some Collection<UInt8>) throws(SExpressionError) -> SExpression {
        let values = try parseAll(bytes)
        guard let first = values.first else { throw Self.emptyInputError(Array(bytes)) }
        return first
    }

    /// The `.empty` error, positioned at the end of the input.
    @usableFromInline
    static func emptyInputError(_ bytes: [UInt8]) -> SExpressionError {
        bytes.withUnsafeBufferPointer { SExpressionError.at($0.count, in: $0, .empty) }
    }

    /// Parses `text` and returns the first top-level value, as xend used it; the rest must still parse.
    /// - Throws: `SExpressionError`; kind `.empty` when there is no value at all.
    public func parse(_ text: String) throws(SExpressionError) -> SExpression {
        try parse(text.utf8)
    }
}

extension SExpression {
    /// Parses the first top-level value of `text` with the default limits.
    /// - Throws: `SExpressionError` saying what is wrong and where (`unexpected EOF at line 1, column 15`).
    public static func parse(_ text: String) throws(SExpressionError) -> SExpression {
        try SExpressionParser().parse(text)
    }

    /// Parses the first top-level value of UTF-8 `bytes` with the default limits.
    /// - Throws: `SExpressionError` saying what is wrong and where.
    @inlinable
    public static func parse(_ bytes: some Collection<UInt8>) throws(SExpressionError) -> SExpression {
        try SExpressionParser().parse(bytes)
    }

    /// Parses every top-level value of `text` with the default limits.
    /// - Throws: `SExpressionError` saying what is wrong and where.
    public static func parseAll(_ text: String) throws(SExpressionError) -> [SExpression] {
        try SExpressionParser().parseAll(text)
    }

    /// Parses every top-level value of UTF-8 `bytes` with the default limits.
    /// - Throws: `SExpressionError` saying what is wrong and where.
    @inlinable
    public static func parseAll(_ bytes: some Collection<UInt8>) throws(SExpressionError) -> [SExpression] {
        try SExpressionParser().parseAll(bytes)
    }
}
